import type { NotificationChannel } from '@switchboard/contracts';

/**
 * Status callbacks name their notification and the attempt (channel) they report on in the query
 * string, which Twilio signs with the rest of the URL: a late callback of a channel given up on
 * cannot be taken for the next one's.
 */
export function notificationCallbackUrl(publicUrl: string, notificationId: string, attempt: number, channel: NotificationChannel): string {
  const route = channel === 'voice' ? 'voice/status' : 'messaging/status';
  return `${publicUrl}/webhooks/twilio/${route}?notificationId=${encodeURIComponent(notificationId)}&attempt=${attempt}`;
}

export function notificationOf(callbackUrl: string): { notificationId: string; attempt: number } | undefined {
  const query = new URL(callbackUrl).searchParams;
  const notificationId = query.get('notificationId');
  const attempt = Number(query.get('attempt'));
  return notificationId && Number.isInteger(attempt) && attempt > 0 ? { notificationId, attempt } : undefined;
}
