/**
 * The public development value of PUSH_ENCRYPTION_KEYS (base64 of `switchboard-dev-only-push-keys!!`),
 * which the gateway (it seals Web Push subscriptions' keys) and telephony (it opens them to send)
 * must share: one constant, so the two agree on a fresh clone. @DevelopmentDefault keeps it out of production.
 */
export const DEVELOPMENT_PUSH_ENCRYPTION_KEYS = 'dev:c3dpdGNoYm9hcmQtZGV2LW9ubHktcHVzaC1rZXlzISE=';
