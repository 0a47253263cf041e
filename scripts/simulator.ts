import { cli } from './cli/cli-args.js';

cli({
  command: 'npm run simulator',
  summary:
    'The provider simulator on its own: Twilio, OpenAI, Anthropic, Perplexity and Google Calendar over HTTP, with an admin API\n' +
    'at /__admin, and an SMTP sink. npm start runs it when no provider keys are set. Ctrl-C stops it.',
  options: {},
  notes: ['environment: SIMULATOR_PORT (default 4010), SIMULATOR_SMTP_PORT (default 2525), SIMULATOR_SCENARIO (a scenario file, format in libs/testing/README.md)'],
});

const { serveSimulator } = await import('@switchboard/testing');
await serveSimulator();
