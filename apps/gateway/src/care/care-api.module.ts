import { Module } from '@nestjs/common';
import { CheckInsController, EpisodesController, PatientsController } from './patients.controller.js';
import { NursesController, ShiftsController } from './staffing.controller.js';
import { NotificationsController, TasksController } from './tasks.controller.js';

/** The care follow-up workflow's REST resources. */
@Module({ controllers: [PatientsController, EpisodesController, CheckInsController, NursesController, ShiftsController, TasksController, NotificationsController] })
export class CareApiModule {}
