/** A point in viewport coordinates (a pointer event's `clientX`/`clientY`). */
export interface PointerSpot {
  x: number;
  y: number;
}

type Listener = (spot: PointerSpot | undefined) => void;

interface Trail {
  last?: PointerSpot;
  listeners: Set<Listener>;
  stop: () => void;
}

const trails = new WeakMap<Document, Trail>();
const TYPES = ['pointermove', 'pointerover', 'pointerdown', 'pointerout'] as const;

/**
 * Where the host page last saw the pointer, shared by every listener in a document (one set
 * of document listeners however many embeds follow it; removed with the last listener).
 *
 * Why not `pointerenter` on the embed: Chromium sends the host page no pointer event at all
 * while the pointer moves into or over a cross-site (out-of-process) frame. What the page
 * does see is the pointer on its way there, just outside the frame, and then silence; it
 * sees the pointer again as soon as it is back over the page. A spot outside the viewport
 * (the pointer left the window) is reported as `undefined`.
 */
export function followPointer(doc: Document, listener: Listener): () => void {
  let trail = trails.get(doc);
  if (!trail) {
    const created: Trail = { listeners: new Set(), stop: () => {} };
    const onPointer = (event: PointerEvent): void => {
      const view = doc.defaultView;
      const { clientX: x, clientY: y } = event;
      const inside =
        !!view && x > 0 && y > 0 && x < view.innerWidth - 1 && y < view.innerHeight - 1;
      created.last = inside ? { x, y } : undefined;
      for (const each of [...created.listeners]) each(created.last);
    };
    const options = { capture: true, passive: true };
    for (const type of TYPES) doc.addEventListener(type, onPointer, options);
    created.stop = () => {
      for (const type of TYPES) doc.removeEventListener(type, onPointer, options);
      trails.delete(doc);
    };
    trails.set(doc, created);
    trail = created;
  }
  const mine = trail;
  mine.listeners.add(listener);
  listener(mine.last);
  return () => {
    mine.listeners.delete(listener);
    if (mine.listeners.size === 0) mine.stop();
  };
}

/** Whether `spot` lies in `rect` or within `margin` px of it. */
export function isNear(rect: DOMRect, spot: PointerSpot | undefined, margin: number): boolean {
  if (!spot || rect.width === 0 || rect.height === 0) return false;
  return (
    spot.x >= rect.left - margin &&
    spot.x <= rect.right + margin &&
    spot.y >= rect.top - margin &&
    spot.y <= rect.bottom + margin
  );
}
