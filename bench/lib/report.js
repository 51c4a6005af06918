// Machine facts and the markdown table printed on stdout (and pasted into the README section).
import os from 'node:os';

export function machineInfo(chromium) {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim(),
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromium ?? null,
    date: new Date().toISOString(),
  };
}

const kb = (bytes) => (bytes === undefined ? '' : `${(bytes / 1024).toFixed(1)} KB`);
const cell = (v) =>
  String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
function table(head, rows) {
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function sizesTable(r) {
  const rows = [];
  for (const s of r.sizes?.ours ?? []) {
    const budget = s.budget ? `${kb(s.budget)}: ${s.pass ? 'pass' : 'FAIL'}` : '';
    const note = [s.standIn ? 'stand-in' : '', s.stale ? 'dist/ older than src/' : '']
      .filter(Boolean)
      .join('; ');
    rows.push([s.label, kb(s.minBytes), kb(s.gzipBytes), budget, note]);
  }
  for (const s of r.sizes?.peers ?? []) {
    rows.push([
      s.label,
      s.na ? `n/a (${s.na})` : kb(s.minBytes),
      s.na ? 'n/a' : kb(s.gzipBytes),
      '',
      '',
    ]);
  }
  const parts = r.sizes?.ours?.find((s) => s.minifiedBytesBySource)?.minifiedBytesBySource;
  const split = parts
    ? `\n\nWhere the kit's minified bytes come from: ${Object.entries(parts)
        .map(([k, v]) => `${k} ${kb(v)}`)
        .join(', ')}`
    : '';
  return table(['bundle', 'min', 'min+gzip', 'budget', 'note'], rows) + split;
}

function tokensTable(r) {
  const rows = (r.tokens ?? []).map((t) => {
    if (t.na) return [t.label, '', '', '', '', '', '', '', `n/a (${t.na})`];
    const notes =
      t.sdk === 'kit'
        ? [
            `by tab ${JSON.stringify(t.callsByTab)}`,
            Object.keys(t.errors).length
              ? `embed errors ${JSON.stringify(t.errors)}`
              : 'no embed errors',
            // How far the window got: on a saturated machine few frames load within it,
            // and only a loaded frame can receive a refreshed token.
            ...(t.cardsLoaded === undefined
              ? []
              : [
                  `${t.cardsLoaded} of ${t.embedsPerTab * t.tabs} cards loaded, ${t.cardsRefreshed} got a refreshed token`,
                ]),
            `deliveries ${JSON.stringify(t.deliveries)}`,
          ]
        : [`by tab ${JSON.stringify(t.callsByTab)}`, `${t.embedded} embedded`];
    return [
      t.label,
      `${t.embedsPerTab} × ${t.tabs}`,
      `${t.windowS} s`,
      `${(t.refreshIntervalMs / 1000).toFixed(1)} s`,
      t.calls,
      `${t.cycles} (${t.sdk === 'kit' ? 'bursts' : 'schedule'})`,
      t.callsPerCycle,
      t.sdk === 'kit' ? t.largestBurst : '–',
      notes.join('; '),
    ];
  });
  return table(
    [
      'SDK',
      'embeds × tabs',
      'window',
      'refresh every',
      'calls',
      'cycles',
      'calls/cycle',
      'largest burst',
      'notes',
    ],
    rows,
  );
}

function ttfTable(f) {
  if (!f || f.na) return `n/a (${f?.na ?? 'not run'})`;
  return (
    table(
      [
        'runs',
        'provider latency',
        'cold (p25–p75)',
        'warm, IndexedDB (p25–p75)',
        'warm/cold',
        'target ≤ 10 %',
        'warm endpoint calls',
      ],
      [
        [
          f.runs,
          `${f.latencyMs} ms`,
          `${f.coldMedianMs} ms (${spread(f.coldQuartilesMs)})`,
          `${f.warmMedianMs} ms (${spread(f.warmQuartilesMs)})`,
          `${((f.warmOverCold ?? NaN) * 100).toFixed(1)} %`,
          f.pass ? 'pass' : 'FAIL',
          `${f.samples.reduce((sum, s) => sum + (s.warmCalls ?? 0), 0)} in ${f.samples.length} loads`,
        ],
      ],
    ) + phaseLines(f)
  );
}

const spread = (pair) => (pair ? `${pair[0]}–${pair[1]}` : '–');

/** Median ms after connect at which each instrumented step first happened. */
function phaseLines(f) {
  const line = (label, phases) =>
    phases && Object.keys(phases).length
      ? `\n\n${label}: ${Object.entries(phases)
          .map(([k, v]) => `${k} ${v}`)
          .join(' → ')} → frame`
      : '';
  return (
    line('Cold steps (ms after connect)', f.coldPhasesMs) +
    line('Warm steps (ms after connect)', f.warmPhasesMs)
  );
}

function refreshTable(c) {
  if (!c || c.na || c.error) return `n/a (${c?.na ?? c?.error ?? 'not run'})`;
  const how = Object.entries(c.deliveries)
    .filter(([k]) => k.startsWith('refresh/'))
    .map(([k, v]) => `${k.slice(8)} ${v}`)
    .join(', ');
  return table(
    [
      'embeds',
      'endpoint calls',
      'rotated',
      'refreshToken()',
      'all rotated',
      'long tasks',
      'longest',
      'TBT',
      'CDP TaskDuration',
      'CDP ScriptDuration',
    ],
    [
      [
        c.n,
        c.endpointCalls,
        `${c.delivered} (${how})`,
        `${c.tokenMs} ms`,
        `${c.allDeliveredMs ?? '–'} ms`,
        c.longTasks,
        `${c.longestTaskMs} ms`,
        `${c.totalBlockingTimeMs} ms`,
        `${c.cdp.taskDurationMs} ms`,
        `${c.cdp.scriptDurationMs} ms`,
      ],
    ],
  );
}

function leaksTable(l) {
  if (!l || l.na || l.error) return `n/a (${l?.na ?? l?.error ?? 'not run'})`;
  const arrow = (k) => `${l.before[k]} → ${l.after[k]}`;
  const growth = `${l.heapGrowthKB >= 0 ? '+' : ''}${l.heapGrowthKB} KB`;
  return table(
    [
      'cycles',
      'outcome',
      'timeouts',
      'intervals',
      'window message listeners',
      'BroadcastChannels',
      'iframes',
      'JS heap after GC',
      'per cycle',
    ],
    [
      [
        `${l.cycles} in ${l.seconds} s`,
        Object.entries(l.outcome)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        arrow('timeouts'),
        arrow('intervals'),
        arrow('windowMessageListeners'),
        arrow('broadcastChannels'),
        arrow('iframes'),
        `${l.heapBeforeKB} → ${l.heapAfterKB} KB (${growth})`,
        `${l.heapGrowthPerCycleBytes} B`,
      ],
    ],
  );
}

function rotationTable(list) {
  if (!list?.length) return 'n/a (not run)';
  const rows = list.map((t) =>
    t.na
      ? [t.mode, t.n, '', '', '', '', '', '', `n/a (${t.na})`]
      : [
          `rotate="${t.mode}"`,
          `${t.n} × ${t.tokenLifetimeS} s`,
          t.swaps,
          t.swapsInUseBeforeDeadline,
          t.swapsInUseAtDeadline,
          `${t.deferredSwaps} (max ${(t.deferredMsMax / 1000).toFixed(1)} s)`,
          `${t.swapsPastExpiry} (${t.cardsOnExpiredTokenAtEnd ?? '?'} at the end)`,
          t.failedDataCalls,
          [
            `${t.endpointCalls} endpoint calls`,
            `user: ${t.user.dwells} dwells, ${t.user.clicks} clicks` +
              (t.user.failed ? `, ${t.user.failed} stuck mouse actions skipped` : ''),
            `deliveries ${JSON.stringify(t.deliveries)}`,
            Object.keys(t.errors).length ? `errors ${JSON.stringify(t.errors)}` : 'no errors',
          ].join('; '),
        ],
  );
  return table(
    [
      'mode',
      'cards × token',
      'swaps',
      'in use, before the deadline (goal 0)',
      'in use, at the deadline',
      'deferred',
      'past expiry (cards left on an expired token)',
      'failed data calls',
      'notes',
    ],
    rows,
  );
}

const ROTATION_TITLE =
  '### 6. Token rotation while cards are in use (real-instance share page: every rotation is a swap)';

export function renderReport(r) {
  const m = r.machine;
  const head = [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}; Node ${m.node}; ` +
      `${m.chromium ?? 'no browser'}; ${m.date}; load average (1/5/15 min) ` +
      `${m.loadAverageAtStart.join('/')} at start, ${m.loadAverageAtEnd.join('/')} at end. Mode: ${r.mode}.`,
  ];
  const notes = r.notes?.length ? ['', '### Notes', ...r.notes.map((n) => `- ${n}`)] : [];
  if (r.mode === 'rotate') {
    return [...head, '', ROTATION_TITLE, rotationTable(r.rotation), ...notes].join('\n');
  }
  return [
    ...head,
    '',
    '### 1. Size (minified, gzip -9)',
    sizesTable(r),
    '',
    '### 2. Token endpoint calls (embeds × tabs, short-lived tokens)',
    tokensTable(r),
    '',
    '### 3. Time to frame (connect → iframe with src), median',
    ttfTable(r.timeToFrame),
    '',
    '### 4. Main-thread cost of one forced refresh',
    refreshTable(r.refreshCost),
    '',
    '### 5. Leaks: connect/disconnect cycles of a <biuwer-card> in a session (disconnected once its frame is inserted; every 10th after its load)',
    leaksTable(r.leaks),
    ...(r.rotation ? ['', ROTATION_TITLE, rotationTable(r.rotation)] : []),
    ...notes,
  ].join('\n');
}
