// The share page's one stylesheet, inlined in its <head> (the CSP allows inline styles but
// not inline scripts). Light theme, system font, no web fonts or images to fetch.
export const STYLES = `
:root { color-scheme: light; --bw-bg: #f4f6fa; --bw-panel: #fff; --bw-text: #1f2937;
  --bw-muted: #6b7280; --bw-line: #e5e7eb; --bw-accent: #2563eb; --bw-accent-2: #0d9488; }
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; background: var(--bw-bg); color: var(--bw-text);
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
#root { padding: 16px; }
h1, h2, h3 { margin: 0; font-weight: 600; }
h1 { font-size: 20px; } h2 { font-size: 15px; } h3 { font-size: 13px; color: var(--bw-muted); }
.bw-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.bw-header { display: flex; align-items: flex-end; justify-content: space-between; gap: 12px; margin-bottom: 14px; }
.bw-sub { margin: 2px 0 0; color: var(--bw-muted); font-size: 13px; }
.bw-brand { font-size: 12px; color: var(--bw-muted); letter-spacing: .04em; text-transform: uppercase; }
.bw-kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 12px; }
.bw-kpi, .bw-panel { background: var(--bw-panel); border: 1px solid var(--bw-line); border-radius: 10px;
  box-shadow: 0 1px 2px rgba(15, 23, 42, .04); }
.bw-kpi { padding: 12px 14px; }
.bw-kpi-label { color: var(--bw-muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.bw-kpi-value { font-size: 26px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.bw-kpi-hint { color: var(--bw-muted); font-size: 12px; }
.bw-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px; margin-bottom: 12px; }
.bw-panel { padding: 12px 14px; min-width: 0; }
.bw-panel > h2 { margin-bottom: 8px; }
.bw-wide { grid-column: 1 / -1; }
.bw-chart { display: block; width: 100%; height: auto; max-height: 360px; }
.bw-grid-line { stroke: var(--bw-line); stroke-width: 1; }
.bw-axis { fill: var(--bw-muted); font-size: 11px; }
.bw-value { fill: var(--bw-text); font-size: 11px; font-variant-numeric: tabular-nums; }
.bw-bar { fill: var(--bw-accent); } .bw-bar-alt { fill: var(--bw-accent-2); }
.bw-bar:hover, .bw-dot:hover { opacity: .8; }
.bw-line { fill: none; stroke: var(--bw-accent); stroke-width: 2.5; stroke-linejoin: round; }
.bw-area { fill: rgba(37, 99, 235, .10); }
.bw-dot { fill: #fff; stroke: var(--bw-accent); stroke-width: 2; }
.bw-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.bw-table th { text-align: left; color: var(--bw-muted); font-weight: 600; font-size: 12px;
  border-bottom: 1px solid var(--bw-line); padding: 6px 8px; }
.bw-table td { border-bottom: 1px solid var(--bw-line); padding: 6px 8px; }
.bw-table tr:last-child td { border-bottom: 0; }
.bw-num { text-align: right !important; }
.bw-empty { color: var(--bw-muted); text-align: center; }
.bw-card-view { background: var(--bw-panel); border: 1px solid var(--bw-line); border-radius: 10px; padding: 12px 14px; }
.bw-card-view > h2 { margin-bottom: 8px; }
.bw-card-view .bw-kpi { border: 0; box-shadow: none; padding: 4px 0; }
.bw-card-view .bw-kpi-value { font-size: 36px; }
.bw-tab-input { position: absolute; opacity: 0; pointer-events: none; }
.bw-tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--bw-line); margin-bottom: 14px; }
.bw-tabs label { padding: 8px 14px; cursor: pointer; color: var(--bw-muted); border-bottom: 2px solid transparent; margin-bottom: -1px; }
.bw-tab-panel { display: none; }
.bw-loading { color: var(--bw-muted); padding: 24px; text-align: center; }
.bw-not-found { display: flex; flex-direction: column; align-items: center; justify-content: center;
  text-align: center; min-height: 260px; padding: 32px 16px; color: var(--bw-muted); }
.bw-not-found svg { width: 72px; height: 72px; margin-bottom: 12px; }
.bw-not-found h1 { color: var(--bw-text); margin-bottom: 6px; }
.bw-not-found p { max-width: 420px; margin: 0; }
`;
