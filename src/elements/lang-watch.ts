/**
 * Tells embeds when a `lang` attribute changes anywhere above them, so their built-in text
 * follows the page's language. One observer serves every embed on the page: it watches only
 * the `lang` attribute, on the document and on each shadow root an embed lives in, and it
 * disconnects when the last embed leaves.
 */
const listeners = new Set<() => void>();
let observer: MutationObserver | undefined;

function notify(): void {
  for (const listener of [...listeners]) listener();
}

/** Calls `onChange` after any `lang` change on the page; returns the way to stop. */
export function watchLang(el: Element, onChange: () => void): () => void {
  observer ??= new MutationObserver(notify);
  // subtree observation stops at shadow roots: observe each root up the chain.
  let root: Node = el.getRootNode();
  for (;;) {
    const target = root instanceof Document ? root.documentElement : root;
    if (target) {
      observer.observe(target, { attributes: true, attributeFilter: ['lang'], subtree: true });
    }
    if (!(root instanceof ShadowRoot)) break;
    root = root.host.getRootNode();
  }
  listeners.add(onChange);
  return () => {
    listeners.delete(onChange);
    if (listeners.size > 0) return;
    observer?.disconnect();
    observer = undefined;
  };
}
