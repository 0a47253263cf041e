/** A demo `npm run demo -- <name>` runs against the system `npm start` started. */
export interface DemoTarget {
  gatewayUrl: string;
  apiKey: string;
  /** Unset when real providers are configured: the demo then cannot script the simulator. */
  simulatorUrl?: string;
}

export interface DemoEntry {
  summary: string;
  /** Loaded only when chosen, so --help and the other demos load none of its work. */
  run(target: DemoTarget): Promise<void>;
}

/** Every workflow's demo, by name; the first is the default. */
export const DEMOS: Record<string, DemoEntry> = {
  'call-research': {
    summary: 'a campaign of 3 hypotheses and 12 clinics, followed live to COMPLETED (about a minute)',
    run: async (target) => {
      const { runDemo, printSummary } = await import('./run-demo.js');
      printSummary(await runDemo(target));
    },
  },
  prep: {
    summary: 'meeting prep: a calendar connected by OAuth, eight meetings synced, researched and briefed live (about a minute)',
    run: async (target) => (await import('./meeting-prep-demo.js')).runMeetingPrepDemo(target),
  },
  care: {
    summary: '3 nurses, tasks warning and breaching within two minutes, 20 discharges with scripted replies',
    run: async (target) => (await import('./care-demo.js')).runCareDemo(target),
  },
  scoring: {
    summary: 'a sheet of 60 calls (5 duplicates, 3 voicemails, 2 empty rows) triaged, scored and reported (about 30 s)',
    run: async (target) => (await import('./scoring-demo.js')).runScoringDemo(target),
  },
  video: {
    summary: 'five generated videos (one silent, one corrupt) uploaded, followed live, searched; usage and failures',
    run: async (target) => {
      const { runVideoDemo } = await import('./run-video-demo.js');
      await runVideoDemo(target);
    },
  },
};
