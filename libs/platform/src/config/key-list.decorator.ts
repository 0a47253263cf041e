import { Matches } from 'class-validator';

/** A setting listing secret keys: one or more, comma-separated, each of visible ASCII characters. */
export const IsKeyList = () =>
  Matches(/^\s*[\x21-\x2b\x2d-\x7e]{1,512}(\s*,\s*[\x21-\x2b\x2d-\x7e]{1,512})*\s*$/, {
    message: 'must be one or more comma-separated keys of visible ASCII characters',
  });
