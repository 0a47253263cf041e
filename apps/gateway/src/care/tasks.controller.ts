import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { AcknowledgeTaskRequest, CreateTaskRequest, NotificationListQuery, ReassignTaskRequest, ResolveTaskRequest, TaskListQuery } from './care.dto.js';

/** Escalation tasks: dealt round robin to nurses on shift, with SLA warnings and breaches. */
@ApiController('tasks')
export class TasksController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Create a task: it is assigned to a nurse on shift with room, or waits UNASSIGNED' })
  @ApiCreatedResponse()
  create(@Body() request: CreateTaskRequest): Promise<unknown> {
    return this.commands.execute('tasks.task.create', request);
  }

  @Get()
  @ApiOperation({ summary: 'Tasks, newest first, by status, nurse, severity and breached' })
  @ApiOkResponse()
  list(@Query() query: TaskListQuery): Promise<unknown> {
    return this.commands.execute('tasks.task.list', query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('tasks.task.get', { taskId: id });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'The assigned nurse has seen it' })
  @ApiOkResponse()
  acknowledge(@IdParam() id: string, @Body() request: AcknowledgeTaskRequest): Promise<unknown> {
    return this.commands.execute('tasks.task.acknowledge', { taskId: id, nurseId: request.nurseId });
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'To the nurse named, or to the next nurse with room; the deadline stays' })
  @ApiOkResponse()
  reassign(@IdParam() id: string, @Body() request: ReassignTaskRequest): Promise<unknown> {
    return this.commands.execute('tasks.task.reassign', { taskId: id, nurseId: request.nurseId });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Done: its SLA timers are cancelled' })
  @ApiOkResponse()
  resolve(@IdParam() id: string, @Body() request: ResolveTaskRequest): Promise<unknown> {
    return this.commands.execute('tasks.task.resolve', { taskId: id, resolution: request.resolution });
  }
}

/** The notification log (telephony): what was sent to a patient or nurse, or about a task, and what became of it. */
@ApiController('notifications')
export class NotificationsController {
  constructor(private readonly commands: CommandBus) {}

  @Get()
  @ApiOperation({ summary: 'Notifications, newest first, by patientId, nurseId or taskId, with each channel tried' })
  @ApiOkResponse()
  list(@Query() query: NotificationListQuery): Promise<unknown> {
    return this.commands.execute('telephony.notifications.list', query);
  }
}
