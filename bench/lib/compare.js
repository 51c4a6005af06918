// `node bench/run.js --compare <git-ref>`: the kit at another commit against the working tree,
// section by section, in one run on one machine, so the before/after of a change is measured
// under the same load. The other ref is checked out into a temporary git worktree whose
// node_modules is a hard-linked copy of this one (`cp -al`: no install, no download), and
// built there with its own `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './setup.js';

const git = (...args) =>
  execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Checks `ref` out into a temporary worktree and builds it. Returns its root, commit and a
 * cleanup that removes the worktree (also run when the build fails).
 */
export function checkoutRef(ref, log) {
  let sha;
  try {
    sha = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).trim();
  } catch {
    throw new Error(`--compare: ${JSON.stringify(ref)} is not a commit of this repository`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'biuwer-bench-compare-'));
  const root = join(dir, 'repo');
  const cleanup = () => {
    try {
      git('worktree', 'remove', '--force', root);
    } catch {
      // Not registered (the add failed): the directory alone goes.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    log(`compare: ${ref} is ${sha.slice(0, 10)}; git worktree add ${root}`);
    git('worktree', 'add', '--detach', root, sha);
    if (existsSync(join(ROOT, 'node_modules'))) {
      // Hard links: instant, no disk to speak of, and the exact versions of this checkout.
      // The base build writes new files only (vite's cache, dist/), never into linked ones.
      const res = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(root, 'node_modules')]);
      if (res.status !== 0) throw new Error(`cp -al node_modules failed: ${res.stderr}`);
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return { root, sha, ref, cleanup };
}

const kb = (bytes) => (bytes === undefined ? '' : `${(bytes / 1024).toFixed(2)} KB`);
const cell = (v) =>
  String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** `after − before` with its sign, and as a share of before when both are numbers. */
function delta(before, after, unit = '', digits = 1) {
  if (!Number.isFinite(before) || !Number.isFinite(after)) return '';
  const d = after - before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const pct = before !== 0 ? ` (${sign}${Math.abs((d / before) * 100).toFixed(1)} %)` : '';
  return `${sign}${Math.abs(d).toFixed(digits)}${unit}${pct}`;
}

/** One row per metric: [label, before, after, delta], from a getter applied to each side. */
function rows(base, head, metrics) {
  return metrics.map(([label, get, show = (v) => v, unit, digits]) => {
    const before = get(base);
    const after = get(head);
    return [label, show(before), show(after), delta(before, after, unit, digits)];
  });
}

function table(title, head, body) {
  const lines = [
    `### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const row of body) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const size = (id, key) => (r) => r.sizes?.find((s) => s.id === id)?.[key];
const sizeKb = (bytes) => (bytes === undefined ? 'n/a' : `${kb(bytes)} (${bytes} B)`);
const ms = (v) => (v === undefined ? 'n/a' : `${v} ms`);

/** The side-by-side report: one table per section, before (the ref) and after (this tree). */
export function renderComparison({ base, head, machine, mode }) {
  const columns = ['metric', `before: ${base.label}`, `after: ${head.label}`, 'change'];
  const parts = [
    `Machine: ${machine.cpuModel}, ${machine.cores} cores; Node ${machine.node}; ` +
      `${machine.chromium ?? 'no browser'}; ${machine.date}; load average ` +
      `${machine.loadAverageAtStart.join('/')} at start, ${machine.loadAverageAtEnd.join('/')} at end. ` +
      `Mode: ${mode}. Each browser section ran for both sides in turn, before first.`,
    '',
    table(
      '1. Size (gzip -9)',
      columns,
      rows(base, head, [
        ['CDN dist/cdn/biuwer-embed.js, gzip', size('cdn', 'gzipBytes'), sizeKb, ' B', 0],
        ['CDN, minified', size('cdn', 'minBytes'), sizeKb, ' B', 0],
        [
          'library (index + define, deps external), gzip',
          size('lib', 'gzipBytes'),
          sizeKb,
          ' B',
          0,
        ],
        ['library, minified', size('lib', 'minBytes'), sizeKb, ' B', 0],
        [
          'src/define.ts by esbuild (peer recipe), gzip',
          size('kit-esbuild', 'gzipBytes'),
          sizeKb,
          ' B',
          0,
        ],
      ]),
    ),
  ];
  const scenarios = (head.tokens ?? []).map((t, i) => [t, base.tokens?.[i]]);
  parts.push(
    '',
    table(
      '2. Token endpoint calls',
      columns,
      scenarios.flatMap(([t]) => {
        const at = (r) => r.tokens?.find((x) => x.label === t.label);
        return rows(base, head, [
          [`${t.label}: calls`, (r) => at(r)?.calls, undefined, '', 0],
          [`${t.label}: calls per cycle`, (r) => at(r)?.callsPerCycle, undefined, '', 2],
          [`${t.label}: cards loaded`, (r) => at(r)?.cardsLoaded, undefined, '', 0],
          [
            `${t.label}: cards with a refreshed token`,
            (r) => at(r)?.cardsRefreshed,
            undefined,
            '',
            0,
          ],
          [
            `${t.label}: embed errors`,
            (r) =>
              at(r) ? Object.values(at(r).errors ?? {}).reduce((a, b) => a + b, 0) : undefined,
            undefined,
            '',
            0,
          ],
        ]);
      }),
    ),
    '',
    table(
      '3. Time to frame, median',
      columns,
      rows(base, head, [
        ['cold', (r) => r.timeToFrame?.coldMedianMs, ms, ' ms'],
        ['warm (IndexedDB)', (r) => r.timeToFrame?.warmMedianMs, ms, ' ms'],
        [
          'warm / cold',
          (r) => pct(r.timeToFrame?.warmOverCold),
          (v) => (v === undefined ? 'n/a' : `${v} %`),
          ' pt',
        ],
      ]),
    ),
    '',
    table(
      '4. One forced refresh',
      columns,
      rows(base, head, [
        ['endpoint calls', (r) => r.refreshCost?.endpointCalls, undefined, '', 0],
        ['all rotated after', (r) => r.refreshCost?.allDeliveredMs, ms, ' ms'],
        ['long tasks', (r) => r.refreshCost?.longTasks, undefined, '', 0],
        ['total blocking time', (r) => r.refreshCost?.totalBlockingTimeMs, ms, ' ms'],
        ['CDP ScriptDuration', (r) => r.refreshCost?.cdp?.scriptDurationMs, ms, ' ms'],
      ]),
    ),
    '',
    table(
      '5. Leaks after connect/disconnect cycles',
      columns,
      rows(base, head, [
        ['cycles', (r) => r.leaks?.cycles, undefined, '', 0],
        ['seconds for all cycles', (r) => r.leaks?.seconds, undefined, ' s'],
        ['timeouts left', (r) => r.leaks?.after?.timeouts, undefined, '', 0],
        [
          'window message listeners left',
          (r) => r.leaks?.after?.windowMessageListeners,
          undefined,
          '',
          0,
        ],
        ['BroadcastChannels left', (r) => r.leaks?.after?.broadcastChannels, undefined, '', 0],
        ['iframes left', (r) => r.leaks?.after?.iframes, undefined, '', 0],
        [
          'JS heap growth',
          (r) => r.leaks?.heapGrowthKB,
          (v) => (v === undefined ? 'n/a' : `${v} KB`),
          ' KB',
        ],
      ]),
    ),
  );
  const notes = [
    ...(base.notes ?? []).map((n) => `before: ${n}`),
    ...(head.notes ?? []).map((n) => `after: ${n}`),
  ];
  if (notes.length) parts.push('', '### Notes', ...notes.map((n) => `- ${n}`));
  return parts.join('\n');
}

const pct = (ratio) => (ratio === undefined ? undefined : Math.round(ratio * 1000) / 10);
