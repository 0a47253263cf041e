import { describe, expect, it } from 'vitest';
import { type CliSpec, readCli, usage, usageErrorLine } from './cli-args.js';

const spec = {
  command: 'npm run ops -- replay',
  summary: 'Rewinds a durable consumer.',
  arguments: ['<consumer>', '[<seq>]'],
  options: {
    since: { type: 'string', value: '<ISO time>', description: 'from this time' },
    batch: { type: 'string', default: '100', description: 'messages at a time' },
    json: { type: 'boolean', short: 'j', description: 'one JSON object a line' },
  },
  notes: ['environment: SWITCHBOARD_NAMESPACE'],
} satisfies CliSpec;

describe('readCli', () => {
  it('reads options and positionals, booleans false and defaults filled in', () => {
    expect(readCli(spec, ['telephony-calls', '--since', '2026-01-01', '7'])).toEqual({
      values: { since: '2026-01-01', batch: '100', json: false },
      positionals: ['telephony-calls', '7'],
    });
    expect(readCli(spec, ['-j', 'x', '--batch=5'])).toEqual({ values: { batch: '5', json: true }, positionals: ['x'] });
  });

  it('answers --help and -h with the usage, even beside a mistake', () => {
    for (const argv of [['--help'], ['-h'], ['x', '--no-such-option', '--help']]) {
      expect(readCli(spec, argv)).toEqual({ help: usage(spec) });
    }
  });

  it.each([
    [['x', '--no-such-option'], "unknown option '--no-such-option'"],
    [['x', '-q'], "unknown option '-q'"],
    [['x', '--since'], "option '--since <value>' argument missing"],
    [['x', '--json=yes'], "option '-j, --json' does not take an argument"],
    [[], 'missing <consumer>'],
    [['x', '1', 'extra'], "unexpected argument 'extra'"],
  ])('%j is refused: %s', (argv, error) => {
    expect(readCli(spec, argv)).toEqual({ error });
  });
});

describe('usage', () => {
  it('shows the command, its arguments, each option with its value, default and description, then the notes', () => {
    expect(usage(spec)).toBe(
      [
        'usage: npm run ops -- replay <consumer> [<seq>] [options]',
        '',
        'Rewinds a durable consumer.',
        '',
        'options:',
        '  --since <ISO time>  from this time',
        '  --batch <value>     messages at a time (default 100)',
        '  -j, --json          one JSON object a line',
        '  -h, --help          show this help',
        '',
        'environment: SWITCHBOARD_NAMESPACE',
      ].join('\n'),
    );
  });

  it('a command without options has no [options] placeholder', () => {
    expect(usage({ command: 'npm start', summary: 'Everything.', options: {} }).split('\n')[0]).toBe('usage: npm start');
  });
});

it('an error line names the command and points to --help', () => {
  expect(usageErrorLine(spec, "unknown option '--x'")).toBe("npm run ops -- replay: unknown option '--x' (run with --help)");
});
