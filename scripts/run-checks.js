// Runs the npm scripts named on the command line, two at a time, and fails if any failed: npm
// test's checks before jest. None of them reads what another writes (the build writes dist/, which
// the others ignore), and each is one mostly single-threaded process, so two lanes on two cores
// take about half the time of running them one after another. Name the longest first: a lane that
// starts one at the end finishes late. Each check's output is printed whole when it ends, so that
// two checks' lines do not interleave. CHECK_LANES sets the number of lanes.
const { spawn } = require('node:child_process');

const names = process.argv.slice(2);
const lanes = Math.max(1, Number(process.env.CHECK_LANES) || 2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const failed = [];

/** @param {string} name */
function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (text += chunk));
    }
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      if (!ok) failed.push(name);
      process.stdout.write(`${ok ? 'ok' : 'FAILED'}: npm run ${name} (${seconds} s)${signal ? `, ${signal}` : ''}\n${ok && !text.trim() ? '' : text.replace(/\n?$/, '\n')}`);
      resolve();
    });
  });
}

async function lane(queue) {
  for (let name = queue.shift(); name; name = queue.shift()) await run(name);
}

async function main() {
  const queue = [...names];
  const started = Date.now();
  await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, () => lane(queue)));
  process.stdout.write(`checks: ${names.length - failed.length} of ${names.length} passed in ${((Date.now() - started) / 1000).toFixed(1)} s on ${lanes} lanes\n`);
  if (failed.length) {
    process.stderr.write(`failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

void main();
