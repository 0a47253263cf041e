import 'reflect-metadata';
import { runService } from '@switchboard/platform';
import { tasksApp } from './tasks.app.js';

await runService(tasksApp);
