// Jest's own order runs the files it has timed longest first, which keeps both workers busy to the
// end; on a fresh clone (CI) it has timed nothing and orders by file size, and a short file that
// runs the pipeline for minutes (eval, contract) can start last and leave the other worker idle.
// test-durations.json holds what a whole run measured, committed, for jest to use where its cache
// has nothing. `UPDATE_TEST_DURATIONS=1 npx jest` writes it afresh after a full run.
// Plain CommonJS: jest requires the sequencer without its transform.
const Sequencer = require('@jest/test-sequencer').default;
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join, posix, relative, sep } = require('node:path');

const FILE = join(__dirname, 'test-durations.json');
const TIERS = ['.e2e-spec.ts', '.int-spec.ts', '.spec.ts'];

/** @returns {Record<string, number>} milliseconds by path from the repository root */
function readDurations() {
  return existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
}

/** @param {string} rootDir @param {string} path */
function key(rootDir, path) {
  return relative(rootDir, path).split(sep).join(posix.sep);
}

/** @param {string} name */
function tierOf(name) {
  return TIERS.find((suffix) => name.endsWith(suffix)) ?? '';
}

/** A file the hints do not know yet (added since they were written) counts as its tier's median. */
function tierMedians(durations) {
  const medians = {};
  for (const tier of TIERS) {
    const times = Object.entries(durations)
      .filter(([name]) => tierOf(name) === tier)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b);
    medians[tier] = times.length ? times[Math.floor(times.length / 2)] : 0;
  }
  return medians;
}

class LongestFirstSequencer extends Sequencer {
  durations = readDurations();
  medians = tierMedians(this.durations);

  /** Jest's own timing from this machine's cache when it has one, else the committed hint. */
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const name = key(test.context.config.rootDir, test.path);
    return this.durations[name] ?? this.medians[tierOf(name)];
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    if (!process.env.UPDATE_TEST_DURATIONS) return;
    const measured = {};
    for (const result of results.testResults) {
      const test = tests.find((t) => t.path === result.testFilePath);
      if (!test || result.skipped) continue;
      measured[key(test.context.config.rootDir, test.path)] = Math.round(result.perfStats.end - result.perfStats.start);
    }
    // Files this run did not include keep their hint while they exist.
    const root = tests[0]?.context.config.rootDir;
    const kept = Object.entries(this.durations).filter(([name]) => !(name in measured) && root && existsSync(join(root, name)));
    const all = Object.fromEntries([...kept, ...Object.entries(measured)].sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`);
  }
}

module.exports = LongestFirstSequencer;
