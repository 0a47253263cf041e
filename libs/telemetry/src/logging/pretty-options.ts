/**
 * How a person reads log lines (pino-pretty): in a service's own transport when it runs in a
 * terminal, and in `npm start`'s supervisor, which formats its children's JSON lines itself so no
 * service runs a pretty-printing worker thread (~8 MB each). Imported alone, without Nest.
 */
export const PRETTY_OPTIONS = { singleLine: true, translateTime: 'HH:MM:ss.l' };
