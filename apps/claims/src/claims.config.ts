import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min } from 'class-validator';

export class ClaimsConfig extends ServiceConfig {
  @IsPortNumber()
  CLAIMS_PORT: number = SERVICE_PORTS.claims;

  @IsString() SCORING_SILVER_MODEL = 'claude-haiku-4-5';
  @IsString() SCORING_GOLD_MODEL = 'claude-sonnet-4-6';
  /** Flow control per model (read when the handlers load: scoring-policy.ts): calls at once and starts per minute. */
  @Type(() => Number) @IsInt() @Min(1) SCORING_SILVER_CONCURRENCY = 4;
  @Type(() => Number) @IsInt() @Min(1) SCORING_SILVER_RPM = 1_000;
  @Type(() => Number) @IsInt() @Min(1) SCORING_GOLD_CONCURRENCY = 10;
  @Type(() => Number) @IsInt() @Min(1) SCORING_GOLD_RPM = 300;
  /** The window the *_RPM caps count in: a minute; tests scale it down to see a cap hold in seconds. */
  @Type(() => Number) @IsInt() @Min(1) SCORING_RATE_WINDOW_MS = 60_000;
  /**
   * How long after a job is created all its calls must have arrived from the gateway (batches
   * take seconds): past it, a job whose upload died is failed instead of staying PENDING.
   */
  @Type(() => Number) @IsInt() @Min(1) SCORING_UPLOAD_DEADLINE_MS = 600_000;
  /** USD per million tokens, `{"model": [input, output]}`: the cost a job shows. */
  @Matches(/^\{.*\}$/s, { message: 'must be a JSON object of model -> [input, output] USD per million tokens' })
  SCORING_PRICES = JSON.stringify({
    'claude-haiku-4-5': [1, 5],
    'claude-sonnet-4-6': [3, 15],
    'claude-opus-4-7': [5, 25],
  });

  get port(): number {
    return this.CLAIMS_PORT;
  }

  get scoringPrices(): Record<string, [number, number]> {
    return JSON.parse(this.SCORING_PRICES) as Record<string, [number, number]>;
  }
}
