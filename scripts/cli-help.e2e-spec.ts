import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './lib/repo-root';

const run = promisify(execFile);

/** The compiled command lines, as `npm start`, `npm run replay`, `bench`, `eval` and `docs:screens` run them. */
describe.each([
  ['dist/scripts/up.js', 'npm start'],
  ['dist/scripts/replay.js', 'npm run replay'],
  ['dist/scripts/bench/bench.js', 'npm run bench'],
  ['dist/scripts/eval/eval.js', 'npm run eval'],
  ['dist/scripts/docs/copy-screens.js', 'npm run docs:screens'],
])('%s', (file, command) => {
  const cli = (...args: string[]) => run(process.execPath, [join(repoRoot(), file), ...args], { cwd: repoRoot(), timeout: 30_000 });

  it('prints its help and exits 0 on --help', async () => {
    const { stdout } = await cli('--help');
    expect(stdout).toContain(`usage: ${command}`);
  });

  it('exits 2 on an unknown option, saying which', async () => {
    await expect(cli('--no-such-option')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--no-such-option'") as unknown });
  });
});
