// Fails early, with a readable message, when no Chrome or Chromium can be found.
import { existsSync } from 'node:fs';
import { findChrome } from './find-browser.js';

const path = findChrome();
if (!path || !existsSync(path)) {
  console.error(
    [
      'biuwer-embed tests need a Chrome or Chromium browser, and none was found.',
      process.env.CHROME_PATH
        ? `CHROME_PATH is set to "${process.env.CHROME_PATH}", but no file is there.`
        : 'Looked in /usr/bin/chromium, /usr/bin/google-chrome and the macOS application folders.',
      'Install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to its executable.',
    ].join('\n'),
  );
  process.exit(1);
}
