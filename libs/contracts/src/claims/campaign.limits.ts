/**
 * The most a campaign request may hold, in characters of plain text (validation/plain-text.ts).
 * They are chosen so that the largest accepted campaign stays well under the NATS max payload
 * (1 MiB by default) as a `claims.campaign.created` or `.launched` event, as the command carrying
 * it and as the campaign read back: at 3 bytes a character the contacts take about 640 kB, the
 * checklist 150 kB, the hypotheses 85 kB. The event classes do not repeat these bounds: events
 * stored before them must stay readable.
 */
export const CAMPAIGN_LIMITS = {
  name: 200,
  checklistItems: 100,
  checklistItem: 500,
  hypotheses: 50,
  hypothesisKey: 64,
  statement: 500,
  contacts: 1_000,
  contactName: 100,
  /** `+` and at most 15 digits (E.164). */
  phone: 16,
  reopenReason: 500,
} as const;
