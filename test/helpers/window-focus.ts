/**
 * The window focus, shared by the test files that need it. Two test files run at once, each
 * in its own page (in Firefox, its own window), and only one page of a browser has the focus:
 * `:focus`, `document.hasFocus()` and the keys `sendKeys` presses all go with it. A test that
 * needs it calls `holdFocus()`: the page is brought to the front and keeps the focus until
 * the test ends, while a test of the other file that asks for it waits its turn (the config's
 * `window-focus` command). Importing this module adds the hook that gives the focus back.
 */
import { executeServerCommand } from '@web/test-runner-commands';

let held = false;

/** Brings this test's page to the front and keeps it there until the test ends. */
export async function holdFocus(): Promise<void> {
  await executeServerCommand('hold-focus');
  held = true;
}

// A root hook (this module loads before its test file's suites): after every test, failed
// or not, the focus is free for the other file again.
afterEach(async () => {
  if (!held) return;
  held = false;
  await executeServerCommand('release-focus');
});
