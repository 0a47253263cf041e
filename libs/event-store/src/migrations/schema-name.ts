/** A service's schema: `<namespace>_<service>`, or just `<service>` outside tests. */
export const schemaName = (namespace: string, service: string): string =>
  namespace ? `${namespace}_${service}` : service;
