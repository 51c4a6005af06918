// Builds each example against the built package (through its exports map) and opens it in
// headless Chromium: the page embed must put its frame in its shadow root with
// name = RESOURCE:TOKEN and src = INSTANCE/share. The instance is the share simulator on
// another loopback port (another origin), so the frame really loads and the embed gets ready.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS } from '../../scripts/find-browser.js';
import { startShareServer } from '../../simulator/server.js';
import { assertBuilt, root } from './helpers.js';
import { startStaticServer } from './static-server.js';

const TOKEN = 'a11ce0000000000000000000000000a1';
const RESOURCE = 'fa9e00000000000000000001';

const out = mkdtempSync(join(tmpdir(), 'biuwer-examples-'));
let browser;
let site;
let instance;

before(async () => {
  assertBuilt();
  for (const name of ['react', 'vue']) {
    await build({
      configFile: `${root}examples/${name}/vite.config.js`,
      logLevel: 'warn',
      base: './',
      build: { outDir: join(out, name), emptyOutDir: true },
    });
  }
  instance = await startShareServer();
  site = await startStaticServer({
    '/react/': join(out, 'react'),
    '/vue/': join(out, 'vue'),
    // The plain HTML example loads ../../dist/cdn/biuwer-embed.js and ../settings.js.
    '/examples/': `${root}examples`,
    '/dist/': `${root}dist`,
  });
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROME_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await instance?.close();
  rmSync(out, { recursive: true, force: true });
});

const examples = {
  react: '/react/index.html',
  vue: '/vue/index.html',
  html: '/examples/html/index.html',
};

for (const [name, path] of Object.entries(examples)) {
  test(`the ${name} example embeds the page`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      const query = new URLSearchParams({ instance: instance.url, token: TOKEN, page: RESOURCE });
      await page.goto(`${site.origin}${path}?${query}`, { waitUntil: 'load' });
      const frame = await page.waitForFunction(
        () => {
          const iframe = document.querySelector('#page')?.shadowRoot?.querySelector('iframe');
          return iframe?.name && iframe.getAttribute('src')
            ? { name: iframe.name, src: iframe.src }
            : false;
        },
        { timeout: 20_000 },
      );
      assert.deepEqual(await frame.jsonValue(), {
        name: `${RESOURCE}:${TOKEN}`,
        src: `${instance.url}/share`,
      });
      // The simulator accepts the pair, so the embed gets ready.
      await page.waitForFunction(() => document.querySelector('#page')?.state === 'ready', {
        timeout: 30_000,
      });
      assert.deepEqual(errors, [], 'no uncaught errors on the page');
    } finally {
      await page.close();
    }
  });
}
