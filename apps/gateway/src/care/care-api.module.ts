import { Module } from '@nestjs/common';
import { SecretVault } from '@switchboard/platform';
import { GatewayConfig } from '../gateway.config.js';
import { CheckInsController, EpisodesController, PatientsController } from './patients.controller.js';
import { NursesController, ShiftsController } from './staffing.controller.js';
import { NotificationsController, TasksController } from './tasks.controller.js';

/** The care follow-up workflow's REST resources; the vault seals nurses' push subscriptions. */
@Module({
  controllers: [PatientsController, EpisodesController, CheckInsController, NursesController, ShiftsController, TasksController, NotificationsController],
  providers: [{ provide: SecretVault, inject: [GatewayConfig], useFactory: (config: GatewayConfig) => new SecretVault(config.PUSH_ENCRYPTION_KEYS) }],
})
export class CareApiModule {}
