import type { PageData } from './page-model';
import { viewerPage } from './page-script';
import { PAGE_STYLE } from './page-style';

// `<` is written as \u003c inside the embedded JSON, so no value can end the <script> element.
const safeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const escapeText = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The viewer page: one self-contained HTML document (style, script and data inline; nothing is
 * fetched), openable from `file://`.
 */
export function renderPageHtml(data: PageData): string {
  const legend = [
    ['ok', 'var(--ok)'],
    ['error', 'var(--error)'],
    ['unset', 'var(--unset)'],
    ['generation', 'var(--gen)'],
    ['first chunk', '#f79009'],
  ]
    .map(([label, color]) => `<span><i style="background:${color}"></i>${label}</span>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(data.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeText(data.title)}</h1>
<span class="muted" id="summary"></span>
<input id="filter" type="search" placeholder="Filter: name, status:error, key=value or any attribute value ( / )" autocomplete="off">
<select id="status" title="status"><option value="">any status</option><option value="error">error</option><option value="ok">ok</option><option value="unset">unset</option></select>
<span class="muted" id="count"></span>
<span class="legend">${legend}</span>
</header>
<main id="traces"></main>
<aside id="details" hidden></aside>
<script type="application/json" id="trace-data">${safeJson(data)}</script>
<script>
${viewerPage.toString()}
viewerPage(JSON.parse(document.getElementById('trace-data').textContent));
</script>
</body>
</html>
`;
}
