import { Module } from '@nestjs/common';
import { NurseAlertsHandler } from './alerts/nurse-alerts.handler.js';
import { AssignmentHandler } from './assignment/assignment.handler.js';
import { PoolAssigner } from './assignment/pool-assigner.js';
import { careAggregates } from './care.aggregates.js';
import { CheckInHandler } from './check-ins/check-in.handler.js';
import { patientAggregates } from './patients/patient.aggregates.js';
import { PatientCommands } from './patients/patient.commands.js';
import { ReplyHandler } from './replies/reply.handler.js';
import { ReplyTriage } from './replies/triage.js';
import { PushSubscriptionGoneHandler } from './staffing/push-subscription-gone.handler.js';
import { StaffingCommands } from './staffing/staffing.commands.js';
import { TaskCommands } from './tasks/task.commands.js';
import { TaskQueries } from './tasks/task.queries.js';

/**
 * Care follow-up: nurses and shifts, escalation tasks dealt round robin per pool, SLA timers, nurse
 * alerts; patients, discharge check-ins and their triaged replies.
 */
@Module({
  controllers: [StaffingCommands, TaskCommands, TaskQueries, AssignmentHandler, NurseAlertsHandler, PatientCommands, CheckInHandler, ReplyHandler, PushSubscriptionGoneHandler],
  providers: [...careAggregates, ...patientAggregates, PoolAssigner, TaskQueries, ReplyTriage],
})
export class TasksModule {}
