import { careCheckInRun, careTaskRun } from './care/care-follow-up.run.js';
import { callResearchRun } from './claims/call-research.run.js';
import { meetingPrepRun } from './research/meeting-prep.run.js';
import type { RunKind } from './runs/run-kind.js';
import { callScoringRun } from './scoring/call-scoring.run.js';
import { videoKnowledgeRun } from './transcription/video-knowledge.run.js';

/** Every workflow's runs as the ops console shows them: each workflow appends its kind here. */
export const runKinds: readonly RunKind[] = [callResearchRun, meetingPrepRun, careTaskRun, careCheckInRun, callScoringRun, videoKnowledgeRun];
