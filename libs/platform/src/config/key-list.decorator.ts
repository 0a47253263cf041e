import { Matches } from 'class-validator';

/** A setting listing secret keys: one or more, comma-separated, each of visible ASCII characters. */
export const IsKeyList = () =>
  Matches(/^\s*[\x21-\x2b\x2d-\x7e]{1,512}(\s*,\s*[\x21-\x2b\x2d-\x7e]{1,512})*\s*$/, {
    message: 'must be one or more comma-separated keys of visible ASCII characters',
  });

/** `<id>:<base64 of 32 bytes>`, comma-separated: the keys of a SecretVault, the first current. */
const VAULT_KEY_LIST = /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/;

/** A setting listing a SecretVault's keys (`id:base64key,...`); the first seals, every one opens. */
export const IsVaultKeyList = () => Matches(VAULT_KEY_LIST, { message: 'must be id:base64key[,id:base64key...] with 32-byte keys' });
