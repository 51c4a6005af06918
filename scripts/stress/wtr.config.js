// The test-runner configuration of `npm run test:stress`: the project's own, plus a reporter
// that writes every test's outcome, per engine, to the JSON file named by STRESS_RESULTS.
import { writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import config from '../../web-test-runner.config.js';

/** Flattens a file's suites into `suite › test` rows. */
function rows(suite, path, out) {
  for (const test of suite.tests) {
    if (test.skipped) continue;
    out.push({ test: [...path, test.name].join(' › '), passed: test.passed });
  }
  for (const child of suite.suites) rows(child, [...path, child.name], out);
  return out;
}

const resultsReporter = (file) => ({
  onTestRunFinished({ sessions }) {
    const results = [];
    for (const session of sessions) {
      const engine = session.browser.name;
      const testFile = session.testFile.replace(`${process.cwd()}/`, '');
      const tests = session.testResults ? rows(session.testResults, [], []) : [];
      for (const t of tests) results.push({ engine, file: testFile, ...t });
      // A file that failed outside any test (did not load, timed out, its browser crashed)
      // counts as one failure of its own, with the first error as its name.
      if (!session.passed && tests.every((t) => t.passed)) {
        const why = session.errors[0]?.message ?? 'failed outside any test';
        results.push({ engine, file: testFile, test: `(file) ${why}`, passed: false });
      }
    }
    writeFileSync(file, JSON.stringify(results));
  },
});

export default {
  ...config,
  reporters: [defaultReporter(), resultsReporter(process.env.STRESS_RESULTS)],
};
