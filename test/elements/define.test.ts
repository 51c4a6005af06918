import { expect } from '@open-wc/testing';
import type * as DefineModule from '../../src/define.js';

/**
 * Registration is checked in fresh documents (same-origin srcdoc iframes): each has its own
 * module map and its own `customElements`, so "registers nothing" and "never throws on an
 * already-defined tag" are tested from a clean slate, whatever other test files imported.
 * This file imports no element module statically for the same reason.
 */
const TAGS = ['biuwer-session', 'biuwer-page', 'biuwer-card', 'biuwer-collection'] as const;
const INDEX = new URL('../../src/index.ts', import.meta.url).pathname;
const DEFINE = new URL('../../src/define.ts', import.meta.url).pathname;

interface Report {
  error?: string;
  [key: string]: unknown;
}

/** Runs `body` (module code; `report(data)` answers) in a fresh document and returns its report. */
async function inFreshDocument(body: string): Promise<Report> {
  const frame = document.createElement('iframe');
  let onMessage!: (event: MessageEvent) => void;
  const answer = new Promise<Report>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fresh document did not answer')), 20_000);
    onMessage = (event) => {
      if (event.source !== frame.contentWindow) return;
      clearTimeout(timer);
      resolve(event.data as Report);
    };
    window.addEventListener('message', onMessage);
  });
  frame.srcdoc = `<!doctype html><html><body><script type="module">
    const report = (data) => parent.postMessage(data, '*');
    const TAGS = ${JSON.stringify(TAGS)};
    const defined = () => TAGS.filter((tag) => customElements.get(tag) !== undefined);
    try {
      ${body}
    } catch (error) {
      report({ error: String((error && error.stack) || error) });
    }
  </script></body></html>`;
  document.body.append(frame);
  try {
    return await answer;
  } finally {
    window.removeEventListener('message', onMessage);
    frame.remove();
  }
}

describe('registration', function () {
  this.timeout(30_000);
  it('importing the package entry (src/index.ts) registers nothing', async () => {
    const result = await inFreshDocument(`
      const kit = await import(${JSON.stringify(INDEX)});
      report({ defined: defined(), exports: Object.keys(kit).sort() });
    `);
    expect(result.error).to.equal(undefined);
    expect(result.defined).to.deep.equal([]);
    // It still hands out the classes, for integrators who register under their own names.
    expect(result.exports).to.include.members([
      'BiuwerCardElement',
      'BiuwerCollectionElement',
      'BiuwerPageElement',
      'BiuwerSessionElement',
      'clearStoredTokens',
    ]);
  });

  it('define.ts registers every element, the same classes index.ts exports', async () => {
    const result = await inFreshDocument(`
      await import(${JSON.stringify(DEFINE)});
      const kit = await import(${JSON.stringify(INDEX)});
      report({
        defined: defined(),
        sameClasses:
          customElements.get('biuwer-card') === kit.BiuwerCardElement &&
          customElements.get('biuwer-page') === kit.BiuwerPageElement &&
          customElements.get('biuwer-collection') === kit.BiuwerCollectionElement &&
          customElements.get('biuwer-session') === kit.BiuwerSessionElement,
      });
    `);
    expect(result.error).to.equal(undefined);
    expect(result.defined).to.deep.equal([...TAGS]);
    expect(result.sameClasses).to.equal(true);
  });

  it('define.ts imported twice (a second module instance) does not throw', async () => {
    const result = await inFreshDocument(`
      const first = await import(${JSON.stringify(DEFINE)});
      const card = customElements.get('biuwer-card');
      // A query string makes a second module instance that runs its side effect again.
      const again = await import(${JSON.stringify(`${DEFINE}?again`)});
      again.defineBiuwerElements();
      first.defineBiuwerElements();
      report({ defined: defined(), distinctModules: first !== again, sameCard: customElements.get('biuwer-card') === card });
    `);
    expect(result.error).to.equal(undefined);
    expect(result.distinctModules).to.equal(true);
    expect(result.defined).to.deep.equal([...TAGS]);
    expect(result.sameCard).to.equal(true);
  });

  it('leaves a tag another class already holds alone and defines the rest', async () => {
    const result = await inFreshDocument(`
      class Foreign extends HTMLElement {}
      customElements.define('biuwer-card', Foreign);
      await import(${JSON.stringify(DEFINE)});
      report({ defined: defined(), cardIsForeign: customElements.get('biuwer-card') === Foreign });
    `);
    expect(result.error).to.equal(undefined);
    expect(result.defined).to.deep.equal([...TAGS]);
    expect(result.cardIsForeign).to.equal(true);
  });

  it('defineBiuwerElements(registry) skips names the registry already has', async () => {
    const { defineBiuwerElements } = (await import(
      /* a URL, not a specifier: no module of the kit is loaded before the tests above */ DEFINE
    )) as typeof DefineModule;
    class Foreign extends HTMLElement {}
    const entries = new Map<string, CustomElementConstructor>([['biuwer-page', Foreign]]);
    const defined: string[] = [];
    const registry = {
      get: (name: string) => entries.get(name),
      define(name: string, ctor: CustomElementConstructor) {
        if (entries.has(name))
          throw new DOMException(`"${name}" is already defined`, 'NotSupportedError');
        entries.set(name, ctor);
        defined.push(name);
      },
    } as unknown as CustomElementRegistry;

    expect(() => defineBiuwerElements(registry)).not.to.throw();
    expect(defined).to.deep.equal(['biuwer-session', 'biuwer-card', 'biuwer-collection']);
    expect(entries.get('biuwer-page')).to.equal(Foreign);

    expect(() => defineBiuwerElements(registry)).not.to.throw();
    expect(defined, 'a second call defines nothing').to.have.length(3);
  });
});
