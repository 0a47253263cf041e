import { Body, Delete, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { SecretVault } from '@switchboard/platform';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { CreateNurseRequest, CreateShiftRequest, ShiftListQuery, UpdateNurseRequest } from './care.dto.js';
import { keptSubscription, PushSubscriptionInput } from './push-subscription.dto.js';

/** Nurses: who can be given tasks, and how to reach them. */
@ApiController('nurses')
export class NursesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly vault: SecretVault,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a nurse (name, phone, email, unit, Web Push subscription)' })
  @ApiCreatedResponse()
  create(@Body() { push, ...request }: CreateNurseRequest): Promise<unknown> {
    return this.commands.execute('tasks.nurse.create', { ...request, ...(push && { push: keptSubscription(this.vault, push) }) });
  }

  @Get()
  @ApiOperation({ summary: 'Every nurse' })
  @ApiOkResponse()
  list(): Promise<unknown> {
    return this.commands.execute('tasks.nurse.list', {});
  }

  @Get(':id')
  @ApiOperation({ summary: 'One nurse' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.nurse.get', { nurseId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change the nurse's phone or email" })
  @ApiOkResponse()
  update(@IdParam() id: string, @Body() request: UpdateNurseRequest): Promise<unknown> {
    return this.commands.execute('tasks.nurse.update', { nurseId: id, ...request });
  }

  @Put(':id/push-subscription')
  @ApiOperation({ summary: "Set or replace the nurse's Web Push subscription: alerts try push first (CARE_ALERT_CHANNELS)" })
  @ApiOkResponse()
  setPush(@IdParam() id: string, @Body() subscription: PushSubscriptionInput): Promise<unknown> {
    return this.commands.execute('tasks.nurse.set-push-subscription', { nurseId: id, subscription: keptSubscription(this.vault, subscription) });
  }

  @Delete(':id/push-subscription')
  @ApiOperation({ summary: "Remove the nurse's Web Push subscription: alerts go by the next configured channel" })
  @ApiOkResponse()
  removePush(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.nurse.set-push-subscription', { nurseId: id, subscription: null });
  }
}

/** Shifts: a nurse takes tasks from their unit's pool while one is active, up to its capacity. */
@ApiController('shifts')
export class ShiftsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a shift: it starts and ends by itself at its times' })
  @ApiCreatedResponse()
  create(@Body() request: CreateShiftRequest): Promise<unknown> {
    return this.commands.execute('tasks.shift.create', request);
  }

  @Get()
  @ApiOperation({ summary: 'Shifts, by nurse and status' })
  @ApiOkResponse()
  list(@Query() query: ShiftListQuery): Promise<unknown> {
    return this.commands.execute('tasks.shift.list', query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One shift' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.shift.get', { shiftId: id });
  }

  @Post(':id/end')
  @ApiOperation({ summary: "End a shift now: the nurse's open tasks go back to the pool" })
  @ApiOkResponse()
  end(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.shift.end', { shiftId: id });
  }
}
