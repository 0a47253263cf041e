import 'reflect-metadata';
import { runService } from '@switchboard/platform';
import { claimsApp } from './claims.app.js';

await runService(claimsApp);
