/** The provider simulator's well-known credentials (libs/testing), used when no real key is configured. */
export const SIMULATOR_KEYS = {
  googleClientId: 'simulator-client.apps.googleusercontent.com',
  googleClientSecret: 'simulator-secret',
  perplexity: 'pplx-simulator',
} as const;
