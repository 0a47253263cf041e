import { durableMigrations } from '@switchboard/durable';
import { CreateCareViews1733310000000 } from './migrations/1733310000000-create-care-views.js';
import { CreatePatientViews1733320000000 } from './migrations/1733320000000-create-patient-views.js';
import { AddNursePushSubscription1733330000000 } from './migrations/1733330000000-add-nurse-push-subscription.js';
import { SealNursePushSubscriptions1765000001000 } from './migrations/1765000001000-seal-nurse-push-subscriptions.js';

/** The tasks schema's tables beyond the event store's, in the order they run. */
export const tasksMigrations = [...durableMigrations, CreateCareViews1733310000000, CreatePatientViews1733320000000, AddNursePushSubscription1733330000000, SealNursePushSubscriptions1765000001000];
