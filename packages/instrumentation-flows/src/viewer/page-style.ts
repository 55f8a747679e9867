/** The viewer page's style sheet (inlined: the page loads nothing). */
export const PAGE_STYLE = `
:root { --ok: #2e9d5b; --error: #d64545; --unset: #5b7bd5; --gen: #8a5cd1; --line: #e4e7ec; --muted: #667085;
  --bg: #f8f9fb; --fg: #1d2939; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); height: 100vh; display: grid;
  grid-template-rows: auto 1fr; grid-template-columns: 1fr auto; }
body > header { grid-column: 1 / -1; display: flex; gap: 12px; align-items: center; padding: 8px 14px;
  background: #101828; color: #fff; }
body > header h1 { font-size: 15px; margin: 0; font-weight: 600; }
body > header .muted { color: #98a2b3; }
#filter { flex: 1; max-width: 520px; padding: 5px 8px; border-radius: 6px; border: 1px solid #475467;
  background: #1d2939; color: #fff; }
#status { padding: 5px; border-radius: 6px; background: #1d2939; color: #fff; border: 1px solid #475467; }
#traces { overflow: auto; min-width: 0; }
section.trace { margin: 10px 12px 18px; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
section.trace > header { padding: 8px 10px 0; border-bottom: 1px solid var(--line); position: sticky; top: 0;
  background: #fff; z-index: 1; border-radius: 8px 8px 0 0; }
section.trace h2 { font-size: 14px; margin: 0 0 6px; }
.facts { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
.chip { background: #f2f4f7; border-radius: 10px; padding: 1px 8px; color: var(--muted); white-space: nowrap; }
.chip b { color: var(--fg); font-weight: 600; }
.chip.tag { background: #eef4ff; color: #3538cd; }
.chip.err { background: #fef3f2; color: var(--error); font-weight: 600; }
.chip.id { font-family: ui-monospace, monospace; font-size: 11px; }
.ruler, .span { display: grid; grid-template-columns: minmax(260px, 38%) 1fr 76px; }
.ticks { position: relative; height: 16px; font-size: 10px; color: var(--muted); }
.ticks span { position: absolute; transform: translateX(-50%); white-space: nowrap; }
.ticks span:first-child { transform: none; }
.ticks span:last-child { transform: translateX(-100%); }
/* Fixed-height rows, each its own layout and paint scope: 10,000 rows scroll without re-laying out the
   list (content-visibility: auto measured several times slower here). */
.span { height: 24px; align-items: center; border-bottom: 1px solid #f2f4f7; cursor: pointer;
  contain: strict; }
.span:hover { background: #f9fafb; }
.span.selected { background: #eef4ff; }
.span.context { opacity: 0.45; }
.span[hidden], section.trace[hidden] { display: none; }
.label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 6px; }
.label .name { font-weight: 500; }
.label .meta { color: var(--muted); margin-left: 8px; font-size: 12px; }
.s-error .label .name, h2.s-error { color: var(--error); }
.track { position: relative; height: 100%; border-left: 1px solid var(--line); border-right: 1px solid var(--line); }
.bar { position: absolute; top: 7px; height: 10px; min-width: 2px; border-radius: 2px; background: var(--unset); }
.s-ok .bar { background: var(--ok); }
.s-error .bar { background: var(--error); }
.gen.s-unset .bar { background: var(--gen); }
.ttfc { position: absolute; top: 4px; height: 16px; width: 2px; background: #f79009; }
.dur { text-align: right; padding-right: 8px; color: var(--muted); font-variant-numeric: tabular-nums; }
#details { width: min(560px, 42vw); overflow: auto; border-left: 1px solid var(--line); background: #fff;
  padding: 10px 14px 40px; }
#details[hidden] { display: none; }
#details h2 { font-size: 15px; margin: 4px 0 8px; word-break: break-all; }
#details h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 16px 0 6px; }
table.kv { border-collapse: collapse; width: 100%; }
table.kv th { text-align: left; font-weight: 500; color: var(--muted); vertical-align: top; padding: 2px 10px 2px 0;
  white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
table.kv td { padding: 2px 0; word-break: break-word; font-family: ui-monospace, monospace; font-size: 12px; }
.genai table.kv { background: #f9f5ff; border-radius: 6px; }
pre { margin: 2px 0; padding: 6px 8px; background: #f9fafb; border: 1px solid var(--line); border-radius: 4px;
  white-space: pre-wrap; max-height: 360px; overflow: auto; font-size: 12px; }
.event { border-left: 3px solid var(--line); padding-left: 8px; margin-bottom: 8px; }
.event-head span { color: var(--muted); }
.none { color: var(--muted); margin: 2px 0; }
.legend { display: flex; gap: 10px; font-size: 12px; color: #d0d5dd; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
`;
