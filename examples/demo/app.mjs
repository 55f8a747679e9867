// The demo app: handles one support ticket. It has no tracing set-up code: run it with
// MELLEA_TRACES_ENABLED=1 (and an exporter: MELLEA_TRACES_CONSOLE=1 and/or an OTLP endpoint) and
// every step, agent, tool and model call becomes a span. OPENAI_BASE_URL points it at any
// OpenAI-compatible server (run-demo.mjs starts a local mock).
import { TICKET } from './src/support-data.mjs';
import { createBackend, handleTicket } from './src/support-ticket.mjs';

const say = (line) => console.log(`  app │ ${line}`);
const llm = createBackend(process.env.OPENAI_BASE_URL ?? 'http://127.0.0.1:8787/v1');
await handleTicket(llm, TICKET, say);
say('done (the OTLP exporter flushes as the process exits)');
