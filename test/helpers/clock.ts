import { ref } from 'lit/directives/ref.js';
import type { Clock } from '../../src/core/clock.js';
import { useClock } from '../../src/internal/test-hooks.js';

export { useClock };

/** In a template: `<biuwer-card ${withClock(clock)}>`, set before the embed's first update. */
export const withClock = (clock: Clock) =>
  ref((el) => {
    if (el) useClock(el, clock);
  });
