// `auth`, `p256dh`: a Web Push subscription's keys, in the clear in v1 events; `sealed...`: no use to a reader.
const SECRET_FIELD = /secret|token|password|passwd|authorization|api[-_]?key|signature|credential|^auth$|p256dh|sealed/i;
const PHONE = /\+?\b\d[\d ().-]{6,18}\d\b/g;
const MASK = '••••';

/** A phone number with all but its last two digits hidden: enough to tell two apart, not to dial. */
const maskPhone = (text: string): string => {
  const digits = text.replace(/\D/g, '');
  return digits.length < 7 ? text : `${text.startsWith('+') ? '+' : ''}${'•'.repeat(digits.length - 2)}${digits.slice(-2)}`;
};

/**
 * A payload as the console shows it: fields named like secrets hidden, phone numbers (anywhere in
 * a string, e.g. in a webhook's form fields) reduced to their last two digits.
 */
export function maskPayload(value: unknown, depth = 0): unknown {
  if (depth > 20) return MASK;
  if (typeof value === 'string') return value.replace(PHONE, maskPhone);
  if (Array.isArray(value)) return value.map((item) => maskPayload(item, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [key, SECRET_FIELD.test(key) ? MASK : maskPayload(field, depth + 1)]),
    );
  }
  return value;
}
