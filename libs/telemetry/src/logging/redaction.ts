/**
 * Secrets and personal data never reach a log line. Keys are censored wherever they appear in a
 * logged object; phone numbers and API-key-shaped strings are masked in free text too.
 */
export const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'authToken',
  'apiKey',
  'api_key',
  'accessToken',
  'refreshToken',
  'x-twilio-signature',
  'x-goog-channel-token',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `req.headers["${key.toLowerCase()}"]`]);

const E164 = /\+\d{6,15}\b/g;
const KEYS = [
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI / Anthropic style keys
  /\bAC[0-9a-f]{32}\b/g, // Twilio account SIDs
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
];

/** `+15551234567` -> `+1555•••4567`: enough to tell numbers apart, not enough to dial. */
export const maskPhone = (phone: string): string =>
  phone.length <= 8 ? '+•••' : `${phone.slice(0, 5)}•••${phone.slice(-4)}`;

export function scrubText(text: string): string {
  let scrubbed = text.replace(E164, maskPhone);
  for (const pattern of KEYS) scrubbed = scrubbed.replace(pattern, '[redacted]');
  return scrubbed;
}

/** Deep copy of a logged value with free text scrubbed (keys are handled by pino's redact). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message), stack: value.stack && scrubText(value.stack) };
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth + 1)]));
}

/**
 * A request as logged (pino-http's `req`): its path, scrubbed, and the names of its query's
 * parameters, never their values, since a key, an OAuth code or a phone number may travel there
 * and a value of any shape cannot be recognised as secret.
 */
export function requestForLog(request: { url?: string; query?: unknown; params?: unknown }): Record<string, unknown> {
  const [path, search] = (request.url ?? '').split('?', 2);
  const names = [...new URLSearchParams(search ?? '').keys()].map(scrubText);
  return {
    ...request,
    url: scrubText(path) + (names.length > 0 ? `?${names.map((name) => `${name}=[redacted]`).join('&')}` : ''),
    ...(request.query !== undefined && { query: names }),
    ...(request.params !== undefined && { params: scrubValue(request.params) }),
  };
}
