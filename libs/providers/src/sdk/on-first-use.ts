/**
 * What `make` gives, made on the first call and kept. Adapters build their SDK clients this way,
 * importing the SDK inside `make`: every service binds the provider ports, few call them, and an
 * SDK is 10-25 MB resident once loaded, so a service holds only the SDKs it calls.
 */
export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
