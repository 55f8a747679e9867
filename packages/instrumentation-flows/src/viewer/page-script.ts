/// <reference lib="dom" />
import type { PageData, PageSpan, PageTrace } from './page-model';

/**
 * The viewer page's script. It runs in the browser: `page-html.ts` inlines its source
 * (`viewerPage.toString()`), so it must use nothing from outside its own body — no imports at run
 * time, no helpers of other modules. Types are imported for checking only.
 */
export function viewerPage(data: PageData): void {
  const started = performance.now();
  type Entry = { span: PageSpan; trace: PageTrace; index: number; row?: HTMLElement; text?: string };
  const entries: Entry[] = [];
  const byTrace = new Map<PageTrace, Map<string, Entry>>();

  const el = (id: string) => document.getElementById(id) as HTMLElement;
  const esc = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const ms = (value: number) =>
    value === 0
      ? '0'
      : value < 1
        ? `${Math.round(value * 1000)} µs`
        : value < 1000
          ? `${value.toFixed(value < 10 ? 2 : 1)} ms`
          : `${(value / 1000).toFixed(2)} s`;
  const pct = (part: number, whole: number) => `${whole > 0 ? Math.min(100, (part / whole) * 100) : 0}%`;

  function summary(span: PageSpan): string {
    const g = span.generation;
    const parts: string[] = [];
    if (g) {
      if (g.model) parts.push(g.model);
      const tokens: string[] = [];
      if (g.inputTokens !== undefined) tokens.push(`in ${g.inputTokens}`);
      if (g.outputTokens !== undefined) tokens.push(`out ${g.outputTokens}`);
      if (tokens.length) parts.push(tokens.join(' / '));
      if (g.finishReasons) parts.push(g.finishReasons.join(','));
    } else if (span.kind !== 'internal') {
      parts.push(span.kind);
    }
    const errorType = span.attributes['error.type'];
    if (span.status === 'error' && errorType !== undefined) parts.push(String(errorType));
    return parts.join(' · ');
  }

  function rowHtml(entry: Entry): string {
    const { span, trace, index } = entry;
    const ttfc =
      span.timeToFirstChunk !== undefined
        ? `<i class="ttfc" style="left:${pct(span.start + span.timeToFirstChunk, trace.duration)}" title="time to first chunk ${esc(ms(span.timeToFirstChunk))}"></i>`
        : '';
    return (
      `<div class="span s-${span.status}${span.generation ? ' gen' : ''}" data-i="${index}" data-span-id="${esc(span.id)}"` +
      ` data-parent-span-id="${esc(span.parent)}" data-status="${span.status}" tabindex="-1">` +
      `<div class="label" style="padding-left:${8 + span.depth * 14}px"><span class="name">${esc(span.name)}</span>` +
      `<span class="meta">${esc(summary(span))}</span></div>` +
      `<div class="track"><div class="bar" style="left:${pct(span.start, trace.duration)};width:${pct(span.duration, trace.duration)}"></div>${ttfc}</div>` +
      `<div class="dur">${esc(ms(span.duration))}</div></div>`
    );
  }

  function traceHtml(trace: PageTrace, t: number): string {
    const chips = [
      trace.service ? `<span class="chip">service <b>${esc(trace.service)}</b></span>` : '',
      trace.sessionId ? `<span class="chip">session <b>${esc(trace.sessionId)}</b></span>` : '',
      trace.userId ? `<span class="chip">user <b>${esc(trace.userId)}</b></span>` : '',
      ...trace.tags.map((tag) => `<span class="chip tag">#${esc(tag)}</span>`),
    ].join('');
    const ticks = [0, 0.25, 0.5, 0.75, 1]
      .map((f) => `<span style="left:${f * 100}%">${esc(ms(trace.duration * f))}</span>`)
      .join('');
    return (
      `<section class="trace" data-trace-id="${esc(trace.id)}" data-t="${t}"><header>` +
      `<h2>${esc(trace.name)}</h2><div class="facts">${chips}` +
      `<span class="chip">${trace.spans.length} spans</span><span class="chip">${esc(ms(trace.duration))}</span>` +
      (trace.errors
        ? `<span class="chip err">${trace.errors} error${trace.errors > 1 ? 's' : ''}</span>`
        : '') +
      `<span class="chip id">trace ${esc(trace.id)} · ${esc(new Date(trace.startEpochMs).toISOString())}</span></div>` +
      `<div class="ruler"><div></div><div class="ticks">${ticks}</div><div></div></div></header>` +
      `<div class="rows"></div></section>`
    );
  }

  function valueHtml(value: unknown): string {
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 1) {
        try {
          return `<pre class="json">${esc(JSON.stringify(JSON.parse(trimmed), null, 2))}</pre>`;
        } catch {
          // not JSON after all: shown as text
        }
      }
      return value.length > 100 || value.includes('\n') ? `<pre>${esc(value)}</pre>` : esc(value);
    }
    if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
      return `<code>${esc(JSON.stringify(value))}</code>`;
    }
    if (value !== null && typeof value === 'object') {
      return `<pre class="json">${esc(JSON.stringify(value, null, 2))}</pre>`;
    }
    return `<code>${esc(value)}</code>`;
  }

  function tableHtml(rows: [string, unknown][]): string {
    if (rows.length === 0) return '<p class="none">none</p>';
    return `<table class="kv">${rows
      .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${valueHtml(v)}</td></tr>`)
      .join('')}</table>`;
  }

  function generationHtml(span: PageSpan): string {
    const g = span.generation;
    if (!g) return '';
    const rows: [string, unknown][] = [['operation', g.operation]];
    if (g.provider) rows.push(['provider', g.provider]);
    if (g.requestModel && g.model && g.requestModel !== g.model)
      rows.push(['model', `${g.requestModel} → ${g.model}`]);
    else if (g.model) rows.push(['model', g.model]);
    const tokens: [string, number | undefined][] = [
      ['tokens in', g.inputTokens],
      ['tokens out', g.outputTokens],
      ['cached (in)', g.cachedTokens],
      ['reasoning (out)', g.reasoningTokens],
    ];
    for (const [k, v] of tokens) if (v !== undefined) rows.push([k, v]);
    if (g.finishReasons) rows.push(['finish reasons', g.finishReasons.join(', ')]);
    if (span.timeToFirstChunk !== undefined) rows.push(['time to first chunk', ms(span.timeToFirstChunk)]);
    return `<section class="genai"><h3>Generation</h3>${tableHtml(rows)}</section>`;
  }

  function showDetails(entry: Entry): void {
    const { span, trace } = entry;
    const sorted = (attrs: Record<string, unknown>) =>
      Object.keys(attrs)
        .sort()
        .map((k): [string, unknown] => [k, attrs[k]]);
    const events = span.events
      .map(
        (e) =>
          `<div class="event"><div class="event-head"><b>${esc(e.name)}</b> <span>at ${esc(ms(e.at - span.start))}</span></div>${tableHtml(sorted(e.attributes))}</div>`,
      )
      .join('');
    const facts: [string, unknown][] = [
      ['status', span.status + (span.statusMessage ? `: ${span.statusMessage}` : '')],
      ['kind', span.kind],
      ['duration', ms(span.duration)],
      ['starts at', ms(span.start)],
      ['span id', span.id],
      ['parent span id', span.parent || '(root)'],
      ['trace id', trace.id],
      ['scope', span.scope],
    ];
    const details = el('details');
    details.innerHTML =
      `<h2 class="s-${span.status}">${esc(span.name)}</h2>${tableHtml(facts)}${generationHtml(span)}` +
      `<section class="attributes"><h3>Attributes</h3>${tableHtml(sorted(span.attributes))}</section>` +
      `<section class="events"><h3>Events</h3>${events || '<p class="none">none</p>'}</section>` +
      `<details class="resource"><summary>Resource</summary>${tableHtml(sorted(data.resources[span.resource] ?? {}))}</details>`;
    details.hidden = false;
    details.scrollTop = 0;
    const selected = document.querySelectorAll('.span.selected');
    for (let i = 0; i < selected.length; i++) selected[i].classList.remove('selected');
    entry.row?.classList.add('selected');
  }

  // --- filter ---
  function searchText(entry: Entry): string {
    if (entry.text === undefined) {
      const values = Object.values(entry.span.attributes).map((v) =>
        typeof v === 'string' ? v : JSON.stringify(v),
      );
      entry.text = `${entry.span.name}\n${values.join('\n')}`.toLowerCase();
    }
    return entry.text;
  }

  function matcher(query: string, status: string): ((entry: Entry) => boolean) | undefined {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0 && status === '') return undefined;
    const tests = terms.map((term): ((e: Entry) => boolean) => {
      if (term.startsWith('status:')) return (e) => e.span.status === term.slice(7);
      if (term.startsWith('name:')) return (e) => e.span.name.toLowerCase().includes(term.slice(5));
      const eq = term.indexOf('=');
      if (eq > 0) {
        const key = term.slice(0, eq);
        const want = term.slice(eq + 1);
        return (e) =>
          Object.entries(e.span.attributes).some(
            ([k, v]) =>
              k.toLowerCase() === key &&
              (typeof v === 'string' ? v : JSON.stringify(v)).toLowerCase().includes(want),
          );
      }
      return (e) => searchText(e).includes(term);
    });
    return (e) => (status === '' || e.span.status === status) && tests.every((t) => t(e));
  }

  function applyFilter(): void {
    const test = matcher((el('filter') as HTMLInputElement).value, (el('status') as HTMLSelectElement).value);
    let shown = 0;
    for (const [trace, ids] of byTrace) {
      const visible = new Set<Entry>();
      const matched = new Set<Entry>();
      for (const entry of ids.values()) {
        if (test && !test(entry)) continue;
        matched.add(entry);
        for (let e: Entry | undefined = entry; e && !visible.has(e); e = ids.get(e.span.parent))
          visible.add(e);
      }
      for (const entry of ids.values()) {
        const row = entry.row as HTMLElement;
        const on = visible.has(entry);
        if (row.hidden === on) row.hidden = !on;
        row.classList.toggle('context', on && !matched.has(entry));
      }
      shown += matched.size;
      const section = document.querySelector(
        `section.trace[data-t="${data.traces.indexOf(trace)}"]`,
      ) as HTMLElement;
      section.hidden = visible.size === 0;
    }
    el('count').textContent = test ? `${shown} of ${entries.length} spans match` : `${entries.length} spans`;
    document.body.dataset.filterRuns = String(Number(document.body.dataset.filterRuns ?? 0) + 1);
  }

  // --- render ---
  const main = el('traces');
  main.innerHTML = data.traces.map((trace, t) => traceHtml(trace, t)).join('');
  const sections = main.querySelectorAll('section.trace');
  data.traces.forEach((trace, t) => {
    const ids = new Map<string, Entry>();
    const first = entries.length;
    for (const span of trace.spans) {
      const entry: Entry = { span, trace, index: entries.length };
      entries.push(entry);
      if (!ids.has(span.id)) ids.set(span.id, entry);
    }
    byTrace.set(trace, ids);
    const rows = sections[t].querySelector('.rows') as HTMLElement;
    rows.innerHTML = entries.slice(first).map(rowHtml).join('');
    const children = rows.children;
    for (let i = 0; i < children.length; i++) entries[first + i].row = children[i] as HTMLElement;
  });
  el('summary').textContent =
    `${data.traces.length} trace${data.traces.length === 1 ? '' : 's'} from ${data.source}`;
  el('count').textContent = `${entries.length} spans`;

  main.addEventListener('click', (event) => {
    const row = (event.target as HTMLElement).closest('.span') as HTMLElement | null;
    if (row) showDetails(entries[Number(row.dataset.i)]);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(applyFilter, 80);
  };
  el('filter').addEventListener('input', later);
  el('status').addEventListener('change', applyFilter);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') el('details').hidden = true;
    if (event.key === '/' && document.activeElement !== el('filter')) {
      event.preventDefault();
      el('filter').focus();
    }
  });
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
  document.body.dataset.ready = 'true';
}
