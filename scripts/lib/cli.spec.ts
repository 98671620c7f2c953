import { BENCH_CLI } from '../bench/bench-options';
import { EVAL_CLI } from '../eval/eval-options';
import { REPLAY_CLI } from '../replay-options';
import { UP_CLI } from '../up-options';
import { type CliSpec, parseCli } from './cli';

const CLIS: [string, CliSpec<Record<string, { type: 'string' | 'boolean' }>>][] = [
  ['npm start', UP_CLI],
  ['npm run replay', REPLAY_CLI],
  ['npm run bench', BENCH_CLI],
  ['npm run eval', EVAL_CLI],
];

describe.each(CLIS)('%s', (command, spec) => {
  it('answers --help and -h with its usage', () => {
    for (const flag of ['--help', '-h']) {
      const result = parseCli(spec, [flag]);
      expect(result).toEqual({ kind: 'help', text: expect.stringContaining(`usage: ${command}`) as unknown });
    }
  });

  it('lists every option it takes in its help', () => {
    for (const name of Object.keys(spec.options)) expect(spec.help).toContain(`--${name}`);
  });

  it('refuses an unknown option and a stray word, with the help to hand', () => {
    for (const args of [['--no-such-option'], ['stray']]) {
      const result = parseCli(spec, args);
      expect(result.kind).toBe('error');
      expect(result).toEqual({ kind: 'error', text: expect.stringMatching(new RegExp(`^${spec.name}: [^]*usage: ${command}`)) as unknown });
    }
  });
});

describe('parseCli', () => {
  it('returns the values with their defaults', () => {
    expect(parseCli(REPLAY_CLI, ['--ruleset', '3', '--file', 'e.jsonl'])).toEqual({
      kind: 'run',
      values: { ruleset: '3', file: 'e.jsonl', 'lateness-ms': '5000', json: false },
    });
  });

  it('names an option given without its value', () => {
    expect(parseCli(REPLAY_CLI, ['--ruleset'])).toEqual({ kind: 'error', text: expect.stringContaining("Option '--ruleset <value>' argument missing") as unknown });
  });
});
