import 'reflect-metadata';
import { runService } from '@switchboard/platform';
import { transcriptionApp } from './transcription.app.js';

await runService(transcriptionApp);
