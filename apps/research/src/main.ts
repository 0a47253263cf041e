import 'reflect-metadata';
import { runService } from '@switchboard/platform';
import { researchApp } from './research.app.js';

await runService(researchApp);
