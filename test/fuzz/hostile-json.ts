import fc from 'fast-check';

/**
 * JSON text JSON.stringify cannot produce (1e309, -0, invalid UTF-8, 20,000 levels), built only when
 * sent, and printed by its label so a counterexample stays readable.
 */
export class Raw {
  constructor(
    readonly label: string,
    readonly bytes: () => Buffer,
  ) {}

  [fc.toStringMethod](): string {
    return `Raw(${this.label})`;
  }
}

/** An object as a list of members: duplicate keys and own `__proto__` keys survive to the wire. */
export class Members {
  constructor(readonly members: [key: string, value: unknown][]) {}

  [fc.toStringMethod](): string {
    return `{${this.members.map(([key, value]) => `${JSON.stringify(key)}: ${fc.stringify(value)}`).join(', ')}}`;
  }
}

export const nested = (depth: number, shape: 'array' | 'object'): Raw =>
  new Raw(`${depth} nested ${shape}s`, () =>
    Buffer.from(shape === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

/** A JSON string whose UTF-8 has bytes in it that no text has. */
export const invalidUtf8 = (text: string, bytes: number[]): Raw =>
  new Raw(`"${text}" with bytes ${bytes.map((b) => b.toString(16)).join(' ')}`, () =>
    Buffer.concat([Buffer.from(`"${text}`), Buffer.from(bytes), Buffer.from('"')]),
  );

/** The request body's bytes: JSON, with Raw fragments and Members objects written as they are. */
export function encodeJson(value: unknown): Buffer {
  const parts: Buffer[] = [];
  const write = (node: unknown): void => {
    if (node instanceof Raw) return void parts.push(node.bytes());
    if (node instanceof Members) {
      parts.push(Buffer.from('{'));
      node.members.forEach(([key, member], i) => {
        parts.push(Buffer.from(`${i ? ',' : ''}${JSON.stringify(key)}:`));
        write(member);
      });
      return void parts.push(Buffer.from('}'));
    }
    if (Array.isArray(node)) {
      parts.push(Buffer.from('['));
      node.forEach((item, i) => {
        if (i) parts.push(Buffer.from(','));
        write(item);
      });
      return void parts.push(Buffer.from(']'));
    }
    if (node !== null && typeof node === 'object') return write(new Members(Object.entries(node)));
    // JSON.stringify writes a lone surrogate as a \ud800 escape: valid JSON, not valid text.
    parts.push(Buffer.from(JSON.stringify(node) ?? 'null'));
  };
  write(value);
  return Buffer.concat(parts);
}
