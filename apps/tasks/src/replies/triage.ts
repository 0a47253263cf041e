import { Injectable, Logger } from '@nestjs/common';
import { SEVERITIES, type Severity } from '@switchboard/contracts';
import { LlmPort } from '@switchboard/providers';
import { TasksConfig } from '../tasks.config.js';
import { atLeast, redFlags } from './red-flags.js';

export interface Triage {
  severity: Severity;
  reasonCodes: string[];
  summary: string;
  triagedBy: 'llm' | 'llm+rules' | 'rules';
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['severity', 'reasonCodes', 'summary'],
  properties: {
    severity: { type: 'string', enum: [...SEVERITIES] },
    reasonCodes: { type: 'array', maxItems: 5, items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' } },
    summary: { type: 'string', maxLength: 200 },
  },
};

const SYSTEM = `You triage a patient's reply to a post-discharge check-in for the nurses of a care team.
Answer with the severity (NONE, LOW, MODERATE, HIGH, CRITICAL), reason codes in UPPER_SNAKE_CASE
(e.g. HF_BREATHING_WORSE, MEDICATION_QUESTION, PAIN_UNCONTROLLED) and a one-line summary.`;

/**
 * The model's verdict, raised by the red-flag rules (never lowered). When the model fails or is
 * slow, the rules alone decide, so a patient writing "chest pain" reaches a nurse with the model down.
 */
@Injectable()
export class ReplyTriage {
  private readonly logger = new Logger(ReplyTriage.name);

  constructor(
    private readonly llm: LlmPort,
    private readonly config: TasksConfig,
  ) {}

  async triage(text: string): Promise<Triage> {
    const rules = redFlags(text);
    try {
      const { value } = await this.llm.completeJson<{ severity: Severity; reasonCodes: string[]; summary: string }>({
        model: this.config.LLM_MODEL,
        system: SYSTEM,
        prompt: `Patient reply to triage:\n"""${text}"""`,
        schemaName: 'triage',
        schema: SCHEMA,
        maxRepairs: 1,
        signal: AbortSignal.timeout(this.config.CARE_TRIAGE_TIMEOUT_MS),
      });
      const severity = atLeast(value.severity, rules.severity);
      return {
        severity,
        reasonCodes: [...new Set([...value.reasonCodes, ...rules.reasonCodes])].slice(0, 10),
        summary: value.summary,
        triagedBy: severity === value.severity ? 'llm' : 'llm+rules',
      };
    } catch (error) {
      this.logger.warn(`triage model unavailable, red-flag rules decide: ${(error as Error).message}`);
      const flagged = rules.severity !== 'NONE';
      return {
        // Unreadable by the model and no red flag: a nurse still reads it, soon but not urgently.
        severity: flagged ? rules.severity : 'MODERATE',
        reasonCodes: flagged ? rules.reasonCodes : ['TRIAGE_UNAVAILABLE'],
        summary: flagged ? `Red flags: ${rules.reasonCodes.join(', ')} (model unavailable)` : 'Reply not triaged (model unavailable)',
        triagedBy: 'rules',
      };
    }
  }
}
