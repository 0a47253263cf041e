import { type ValidationOptions, ValidateBy } from 'class-validator';

/** C0 controls and DEL; a multi-line text may hold line feeds, carriage returns and tabs. */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text that is not valid Unicode: PostgreSQL refuses it, and UTF-8 cannot encode it. */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/**
 * A string a person typed: no control characters (but line breaks and tabs when `multiline`), no
 * lone surrogates. Besides refusing junk it bounds the wire size: JSON writes such a string in at
 * most 3 bytes per UTF-16 unit (a control character or a lone surrogate takes 6, as `\uXXXX`), so a
 * MaxLength in characters is a bound in bytes (PLAIN_TEXT_MAX_BYTES_PER_CHAR).
 */
export function IsPlainText(options: { multiline?: boolean } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const forbidden = options.multiline ? CONTROL_BUT_LINES : CONTROL;
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !forbidden.test(value) && !hasLoneSurrogate(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} must be text without control characters${options.multiline ? ' (line breaks and tabs are fine)' : ''}`,
      },
    },
    validationOptions,
  );
}

/** The most bytes JSON needs for one UTF-16 unit of a plain text (a character of U+0800 to U+FFFF). */
export const PLAIN_TEXT_MAX_BYTES_PER_CHAR = 3;
