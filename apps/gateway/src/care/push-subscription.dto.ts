import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PUSH_SUBSCRIPTION_MESSAGES as MESSAGES,
  PUSH_SUBSCRIPTION_RULES as RULES,
  type SealedPushSubscription,
  sealPushSubscription,
  type SecretSealer,
} from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

export class PushSubscriptionKeysInput {
  @ApiProperty({ example: 'BD4uzGB-2KB18-niw28Y24hvb-fzP7XoEKppEwDtmjG1IFNRm1zJ2KufVj2kV0qI0JO_biCI-lV_HrqIfXG5DDg', description: "base64url of the browser's P-256 public key (65 bytes)" })
  @Matches(RULES.p256dh, { message: MESSAGES.p256dh })
  p256dh: string;

  @ApiProperty({ example: 'GWHo0EnhJ2TlkNlvIbPYxQ', description: 'base64url of the 16-byte auth secret' })
  @Matches(RULES.auth, { message: MESSAGES.auth })
  auth: string;
}

/**
 * A browser's Web Push subscription, as `PushSubscription.toJSON()` gives it. Its `expirationTime`
 * is accepted and not kept: the push service's 404/410 is what says a subscription has expired.
 */
export class PushSubscriptionInput {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3AycjUf4O-byuxb_wJsKRaKvV_iKw', maxLength: RULES.endpointLength, description: 'The push service URL (https)' })
  @Matches(RULES.endpoint, { message: MESSAGES.endpoint }) @MaxLength(RULES.endpointLength)
  endpoint: string;

  @ApiProperty({ type: PushSubscriptionKeysInput })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PushSubscriptionKeysInput)
  keys: PushSubscriptionKeysInput;

  @ApiPropertyOptional({ type: Number, nullable: true, example: null, description: 'As the browser gives it; not kept' })
  @IsOptional() @IsInt() @Min(0)
  expirationTime?: number | null;
}

/**
 * What is kept of a subscription: where to send, and how to encrypt sealed (PUSH_ENCRYPTION_KEYS)
 * here, before the command leaves: no event, read model or log downstream ever holds the keys.
 */
export const keptSubscription = (vault: SecretSealer, { endpoint, keys }: PushSubscriptionInput): SealedPushSubscription =>
  sealPushSubscription(vault, { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
