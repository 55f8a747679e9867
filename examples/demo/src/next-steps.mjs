// @ts-check
// What the demo prints at the end: where the run was written, and how to send it elsewhere.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @param {{ jsonl: string, html: string | undefined }} files
 * @param {(line?: string) => void} print
 */
export function printNextSteps({ jsonl, html }, print) {
  const rel = (/** @type {string} */ file) => {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') ? relative : file;
  };
  print(`  trace file   ${rel(jsonl)}   (OTLP/JSON lines: one ExportTraceServiceRequest per line)`);
  if (html) print(`  viewer page  ${rel(html)}    open ${pathToFileURL(html).href}`);
  print();
  print('  Look at it again:');
  print(`    pnpm mellea-traces tree ${rel(jsonl)}`);
  print(`    pnpm mellea-traces html ${rel(jsonl)} -o my-run.html`);
  print('  Send the same run to your collector (OTLP/HTTP):');
  print('    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://localhost:4318/v1/traces pnpm demo');
  print('    or replay this file, line by line:');
  print(
    `    while IFS= read -r l; do curl -sS -H 'content-type: application/json' --data-binary "$l" http://localhost:4318/v1/traces; done < ${rel(jsonl)}`,
  );
  print('  Send it to Langfuse:');
  print(
    '    LANGFUSE_PUBLIC_KEY=pk-lf-… LANGFUSE_SECRET_KEY=sk-lf-… [LANGFUSE_BASE_URL=https://cloud.langfuse.com] pnpm demo',
  );
  print('  Use a real OpenAI-compatible provider instead of the mock server:');
  print('    OPENAI_BASE_URL=https://api.openai.com/v1 OPENAI_API_KEY=sk-… pnpm demo');
}
