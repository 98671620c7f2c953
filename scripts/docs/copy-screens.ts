// `npm run docs:screens`: copies the console screenshots the documents show from the browser specs' output.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cliFail, type CliSpec, runCli } from '../lib/cli';
import { repoRoot } from '../lib/repo-root';
import { CONSOLE_SCREENS } from './console-screens';

const options = {
  from: { type: 'string', default: 'test-artifacts/screenshots' },
  to: { type: 'string', default: 'docs/images/console' },
  'no-optimise': { type: 'boolean', default: false },
} as const;

const CLI: CliSpec<typeof options> = {
  name: 'docs:screens',
  options,
  help: `usage: npm run docs:screens -- [options]

Copies the console screenshots that README.md and docs/console.md show (the list is in
scripts/docs/console-screens.ts) from the browser specs' output to the documents' images,
shrinking each with pngquant when it is on the PATH (apt-get install pngquant). Run the specs
that write them first, e.g.:
  npm run build && npx jest --config jest.config.js --testPathPatterns 'test/(console-(act|find|supervisor)|verify-page).e2e-spec.ts'

  --from <dir>     where the specs wrote the screenshots (default test-artifacts/screenshots)
  --to <dir>       where the documents read them (default docs/images/console)
  --no-optimise    copy the files as they are, without pngquant
  -h, --help       this text

Exit codes: 0 all copied, 1 a screenshot is missing (the message names the spec that writes it), 2 bad options.`,
};

const values = runCli(CLI);
const root = repoRoot();
const from = resolve(root, values.from);
const to = resolve(root, values.to);
if (!existsSync(from)) cliFail(CLI, `no directory ${values.from}: run the browser specs first`);

const missing = CONSOLE_SCREENS.filter((s) => !existsSync(join(from, `${s.source}.png`)));
if (missing.length) {
  process.stderr.write(`docs:screens: missing in ${values.from}:\n${missing.map((s) => `  ${s.source}.png (written by ${s.spec})`).join('\n')}\n`);
  process.exit(1);
}

const pngquant = !values['no-optimise'] && hasPngquant();
if (!values['no-optimise'] && !pngquant) process.stdout.write('pngquant not found: copying the screenshots unshrunk\n');
mkdirSync(to, { recursive: true });
let before = 0;
let after = 0;
for (const screen of CONSOLE_SCREENS) {
  const source = join(from, `${screen.source}.png`);
  const target = join(to, `${screen.target}.png`);
  if (!pngquant || !shrink(source, target)) copyFileSync(source, target);
  before += statSync(source).size;
  after += statSync(target).size;
}
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
process.stdout.write(`copied ${CONSOLE_SCREENS.length} screenshots to ${relative(root, to) || '.'}: ${kb(before)} -> ${kb(after)}\n`);

function hasPngquant(): boolean {
  try {
    execFileSync('pngquant', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Screenshots are flat UI colours, which a 256-colour palette keeps legible at a third of the size. */
function shrink(source: string, target: string): boolean {
  try {
    execFileSync('pngquant', ['--quality', '70-95', '--speed', '1', '--strip', '--skip-if-larger', '--force', '--output', target, source], { stdio: 'ignore' });
    return true;
  } catch {
    // 98 (larger) and 99 (below the quality floor) leave no file: the original is copied instead.
    return false;
  }
}
