import 'reflect-metadata';
import { runService } from '@switchboard/platform';
import { gatewayApp } from './gateway.app.js';

await runService(gatewayApp);
