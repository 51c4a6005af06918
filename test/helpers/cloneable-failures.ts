/**
 * Keeps a failed assertion about a DOM node reportable. Web Test Runner sends each file's
 * results to its server through `structuredClone`, which throws on a DOM node: a failed
 * `expect(el).to.equal(other)` (chai keeps both in the error as `actual` and `expected`)
 * then reports nothing at all, and the run waits out `testsFinishTimeout` (5 minutes) naming
 * no test (modernweb-dev/web#2967). Installed for every test file by the config's
 * `testRunnerHtml`: after each failed test, such values become a short description
 * (`<biuwer-card id="x">`), and the failure is reported like any other.
 */
export function keepFailuresReportable(mocha: BrowserMocha): void {
  mocha.rootHooks({
    afterEach(this: Mocha.Context) {
      const error = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
      if (!error) return;
      for (const key of ['actual', 'expected'] as const) {
        if (key in error) error[key] = cloneable(error[key]);
      }
    },
  });
}

/** `value` if structuredClone takes it; else the same shape with its nodes described. */
export function cloneable(value: unknown, depth = 0): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    if (value instanceof Element) {
      return `<${value.localName}${value.id ? ` id="${value.id}"` : ''}>`;
    }
    if (value instanceof Node) return value.nodeName;
    if (depth < 3 && Array.isArray(value)) return value.map((v) => cloneable(v, depth + 1));
    if (depth < 3 && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(
        Object.entries(value as object).map(([k, v]) => [k, cloneable(v, depth + 1)]),
      );
    }
    return Object.prototype.toString.call(value);
  }
}
