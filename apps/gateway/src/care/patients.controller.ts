import { Body, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { AdmitRequest, CreatePatientRequest, UpdatePatientRequest } from './care.dto.js';

/** Patients: how to reach them, when not to, and their episodes of care. */
@ApiController('patients')
export class PatientsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register a patient (phone, timezone, preferred channel, quiet hours)' })
  @ApiCreatedResponse()
  create(@Body() request: CreatePatientRequest): Promise<unknown> {
    return this.commands.execute('tasks.patient.create', request);
  }

  @Get()
  @ApiOperation({ summary: 'Patients, newest first' })
  @ApiOkResponse()
  list(): Promise<unknown> {
    return this.commands.execute('tasks.patient.list', {});
  }

  @Get(':id')
  @ApiOperation({ summary: 'One patient, with their episodes' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.patient.get', { patientId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change how and when to reach the patient (phone, email, timezone, preferred channel, quiet hours)" })
  @ApiOkResponse()
  update(@IdParam() id: string, @Body() request: UpdatePatientRequest): Promise<unknown> {
    return this.commands.execute('tasks.patient.update', { patientId: id, ...request });
  }

  @Post(':id/episodes')
  @ApiOperation({ summary: 'Admit the patient: an episode of care begins' })
  @ApiCreatedResponse()
  admit(@IdParam() id: string, @Body() request: AdmitRequest): Promise<unknown> {
    return this.commands.execute('tasks.episode.admit', { patientId: id, admittedAt: request.admittedAt });
  }
}

/** Episodes end with a discharge, which schedules the patient's check-in. */
@ApiController('episodes')
export class EpisodesController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/discharge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Discharge: the check-in goes out after CARE_CHECK_IN_DELAY_MS (24 h)' })
  @ApiOkResponse()
  discharge(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.episode.discharge', { episodeId: id });
  }
}

/** Discharge check-ins: attempts, reply and its triage, or the task that followed. */
@ApiController('check-ins')
export class CheckInsController {
  constructor(private readonly commands: CommandBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'One check-in: status, attempts, triaged reply or task' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.check-in.get', { checkInId: id });
  }
}
