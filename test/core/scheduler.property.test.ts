import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { isUsable } from '../../src/core/refresh-timing.js';
import type { TokenRecord } from '../../src/core/types.js';
import { harness, HOUR, MINUTE, SECOND } from './manager-fixtures.js';

type Command =
  | { kind: 'jump'; ms: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'failing'; on: boolean }
  | { kind: 'online'; on: boolean }
  | { kind: 'wake' }
  | { kind: 'retain' }
  | { kind: 'release' }
  | { kind: 'getToken'; abortAfterMs?: number }
  | { kind: 'refresh'; reason: 'refresh' | 'rejected' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('jump' as const),
    ms: fc.integer({ min: -2 * HOUR, max: 2 * HOUR }),
  }),
  fc.record({
    kind: fc.constant('tick' as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 5 * SECOND }), fc.integer({ min: 0, max: 2 * HOUR })),
  }),
  fc.record({ kind: fc.constant('failing' as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant('online' as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant('wake' as const) }),
  fc.record({ kind: fc.constant('retain' as const) }),
  fc.record({ kind: fc.constant('release' as const) }),
  fc.record(
    {
      kind: fc.constant('getToken' as const),
      abortAfterMs: fc.integer({ min: 0, max: 20 * SECOND }),
    },
    { requiredKeys: ['kind'] },
  ),
  fc.record({
    kind: fc.constant('refresh' as const),
    reason: fc.constantFrom('refresh' as const, 'rejected' as const),
  }),
);

const MAX_RETRY_DELAY = 20 * SECOND;

describe('TokenManager scheduling properties', () => {
  it('keeps its invariants under random time jumps, failures, wake-ups and (re)tains', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(60, 3600, 86_400, 30 * 86_400),
        fc.integer({ min: 0, max: 20 * SECOND }),
        async (commands, lifetime, delayMs) => {
          const { manager, source, clock, env } = harness({
            random: Math.random,
            maxRetryDelayMs: MAX_RETRY_DELAY,
          });
          source.lifetime = lifetime;
          source.delayMs = delayMs;
          const releases: Array<() => void> = [];
          const pending: Promise<unknown>[] = [];
          const violations: string[] = [];
          const check = (record: TokenRecord): void => {
            if (!isUsable(record, clock.now())) violations.push('resolved an unusable token');
          };

          for (const cmd of commands) {
            switch (cmd.kind) {
              case 'jump':
                clock.jump(cmd.ms);
                break;
              case 'tick':
                await clock.tick(cmd.ms);
                break;
              case 'failing':
                source.fallback = cmd.on ? 'fail' : 'ok';
                break;
              case 'online':
                if (cmd.on) env.setOnline(true);
                else env.online = false;
                break;
              case 'wake':
                env.wake();
                break;
              case 'retain':
                releases.push(manager.retain());
                break;
              case 'release':
                releases.shift()?.();
                break;
              case 'getToken': {
                const controller = new AbortController();
                if (cmd.abortAfterMs !== undefined) {
                  clock.setTimeout(() => controller.abort(), cmd.abortAfterMs);
                }
                pending.push(manager.getToken({ signal: controller.signal }).then(check, () => {}));
                break;
              }
              case 'refresh':
                pending.push(manager.refreshToken(cmd.reason).then(check, () => {}));
                break;
            }
            await clock.flush();
            const current = manager.current;
            if (current && !isUsable(current, clock.now())) violations.push('current is unusable');
            const delay = manager['retry_'].lastDelay;
            if (delay !== undefined && delay > MAX_RETRY_DELAY) violations.push(`backoff ${delay}`);
          }

          releases.splice(0).forEach((release) => release());
          // Let requests that still have waiters finish (provider delay, timeout), then settle.
          await clock.tick(MINUTE);
          await Promise.all(pending);
          await clock.tick(MINUTE);

          expect(violations).to.deep.equal([]);
          expect(source.maxInFlight).to.be.at.most(1);
          expect(clock.pendingTimers()).to.equal(0);
          manager.dispose();
        },
      ),
      { numRuns: 50 },
    );
  });
});
