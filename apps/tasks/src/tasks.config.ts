import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';

export class TasksConfig extends ServiceConfig {
  @IsPortNumber()
  TASKS_PORT: number = SERVICE_PORTS.tasks;

  get port(): number {
    return this.TASKS_PORT;
  }
}
