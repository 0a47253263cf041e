import type { ServiceDefinition } from '@switchboard/platform';
import { TasksConfig } from './tasks.config.js';
import { TasksModule } from './tasks.module.js';

export const tasksApp: ServiceDefinition<TasksConfig> = {
  name: 'tasks',
  config: TasksConfig,
  module: TasksModule,
};
