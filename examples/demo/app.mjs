// @ts-check
// The demo app: handles one support ticket. Its only tracing code is OTel's undici instrumentation
// (spans for `fetch`, nested under the generation spans); the rest comes from the environment: run it
// with MELLEA_TRACES_ENABLED=1 and an exporter (MELLEA_TRACES_CONSOLE=1, MELLEA_TRACES_FILE=path, an
// OTLP endpoint, MELLEA_TRACES_LANGFUSE=1). OPENAI_BASE_URL points it at any OpenAI-compatible server.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { TICKET } from './src/support-data.mjs';
import { createBackend, handleTicket } from './src/support-ticket.mjs';

registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });

const say = (/** @type {string} */ line) => console.log(`  app │ ${line}`);
const llm = createBackend(process.env.OPENAI_BASE_URL ?? 'http://127.0.0.1:8787/v1');
await handleTicket(llm, TICKET, say);
say('done (the exporters flush as the process exits)');
