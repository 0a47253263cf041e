import 'reflect-metadata';
import { runService } from '@switchboard/platform';
import { telephonyApp } from './telephony.app.js';

await runService(telephonyApp);
