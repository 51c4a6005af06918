// `npm run test:stress [-- --runs N] [--burners K] [--suites elements,e2e] [--verbose]
//   [--elements GLOB] [--e2e PATH]`
//
// Runs the element suite (both engines, Web Test Runner) and the end-to-end suite
// (`node --test`) N times (default 5, or STRESS_RUNS) while K child processes (default 1,
// or STRESS_BURNERS) each keep a core busy, then lists every test that failed at least once
// and how often. Exits non-zero if any test failed in any run. A flaky test shows up here
// long before it blocks a landing. BROWSERS=chromium (or firefox) narrows the engines.
import { fork, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const SUITES = {
  elements: {
    label: 'elements',
    command: (results) => [
      'node_modules/@web/test-runner/dist/bin.js',
      ['--config', 'scripts/stress/wtr.config.js', values.elements],
      { STRESS_RESULTS: results },
    ],
    read: (results) => JSON.parse(readFileSync(results, 'utf8')),
  },
  e2e: {
    label: 'e2e',
    command: (results) => [
      '--test',
      [
        '--test-concurrency=2',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=./scripts/stress/node-reporter.js',
        `--test-reporter-destination=${results}`,
        values.e2e,
      ],
      {},
    ],
    read: (results) =>
      readFileSync(results, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ engine: 'e2e', ...JSON.parse(line) })),
  },
};

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.STRESS_RUNS ?? '5' },
    burners: { type: 'string', default: process.env.STRESS_BURNERS ?? '1' },
    suites: { type: 'string', default: 'elements,e2e' },
    // Narrow a suite to some files, e.g. --elements test/elements/rotation.test.ts
    elements: { type: 'string', default: 'test/elements/**/*.test.ts' },
    e2e: { type: 'string', default: 'test/e2e/' },
    verbose: { type: 'boolean', default: false },
  },
});
const runs = positiveInt(values.runs, 'runs');
const burnerCount = Number(values.burners);
if (!Number.isInteger(burnerCount) || burnerCount < 0) usage('--burners takes a whole number');
const suites = values.suites.split(',').map((name) => {
  if (!SUITES[name.trim()]) usage(`unknown suite "${name}" (elements, e2e)`);
  return SUITES[name.trim()];
});

const dir = mkdtempSync(join(tmpdir(), 'biuwer-stress-'));
const burners = startBurners(burnerCount);
process.on('exit', () => burners.forEach((b) => b.kill()));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

console.log(
  `Stress: ${runs} run(s) of ${suites.map((s) => s.label).join(' + ')}, ` +
    `${burnerCount} CPU burner(s) beside them. Logs: ${dir}`,
);
/** `engine\tfile\ttest` → {runs failed, runs seen} */
const tally = new Map();
/** engine → {results, failed} */
const perEngine = new Map();
const started = Date.now();
for (let run = 1; run <= runs; run++) {
  for (const suite of suites) {
    const base = join(dir, `run${run}-${suite.label}`);
    const t0 = Date.now();
    const code = await runSuite(suite, base);
    const results = existsSync(`${base}.json`) ? suite.read(`${base}.json`) : [];
    if (code !== 0 && results.every((r) => r.passed)) {
      // The runner failed without naming a test (crashed, could not start): still a failure.
      results.push({
        engine: suite.label,
        file: '-',
        test: `(runner exited ${code})`,
        passed: false,
      });
    }
    for (const r of results) {
      const engine = perEngine.get(r.engine) ?? { results: 0, failed: 0 };
      engine.results++;
      if (!r.passed) engine.failed++;
      perEngine.set(r.engine, engine);
      const key = `${r.engine}\t${r.file}\t${r.test}`;
      const entry = tally.get(key) ?? { failed: 0, seen: 0 };
      entry.seen++;
      if (!r.passed) entry.failed++;
      tally.set(key, entry);
    }
    const failed = results.filter((r) => !r.passed).length;
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    console.log(
      `run ${run}/${runs} ${suite.label}: ${results.length - failed} passed, ${failed} failed ` +
        `(${secs} s${failed ? `, see ${base}.log` : ''})`,
    );
  }
}

const flaky = [...tally].filter(([, t]) => t.failed > 0).sort((a, b) => b[1].failed - a[1].failed);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`\nStress summary: ${runs} run(s), ${burnerCount} burner(s), ${minutes} min`);
for (const [engine, e] of perEngine) {
  console.log(`  ${engine.padEnd(9)} ${e.results} test results, ${e.failed} failed`);
}
if (flaky.length === 0) {
  console.log('No test failed in any run.');
} else {
  console.log(`${flaky.length} test(s) failed at least once:`);
  for (const [key, t] of flaky) {
    const [engine, file, test] = key.split('\t');
    console.log(`  ${t.failed}/${t.seen}  ${engine.padEnd(9)} ${file}  ${test}`);
  }
}
// The burners' IPC channels would keep this process alive.
process.exit(flaky.length === 0 ? 0 : 1);

/** Runs one suite once; its output goes to `${base}.log` (and the terminal with --verbose). */
function runSuite(suite, base) {
  const [script, args, env] = suite.command(`${base}.json`);
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(`${base}.log`);
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    if (values.verbose) stream.pipe(process.stdout, { end: false });
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      log.end();
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Each burner keeps one core busy until this script ends (see burner.js). */
function startBurners(count) {
  const burner = new URL('./stress/burner.js', import.meta.url);
  return Array.from({ length: count }, () =>
    fork(burner, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }),
  );
}

function positiveInt(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} takes a whole number of at least 1`);
  return n;
}

function usage(message) {
  console.error(
    `test:stress: ${message}.\nUsage: npm run test:stress -- [--runs N] [--burners K] ` +
      '[--suites elements,e2e] [--elements GLOB] [--e2e PATH] [--verbose]',
  );
  process.exit(2);
}
