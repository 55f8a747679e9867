import { type Attributes, SpanKind, ValueType } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { MetricPoint } from '../plugin/support/otel-harness';
import type { SemconvMode, SemconvRegistry, SignalDefinition } from './semconv-registry';

/**
 * Which registry span definition covers each span this package emits, by `gen_ai.operation.name`.
 * The only hand-written part of the check: the registry says it in prose ("`gen_ai.operation.name`
 * SHOULD be ..."); every requirement checked comes from the YAML.
 */
export const SPAN_DEFINITION: Record<SemconvMode, Record<string, string>> = {
  'v1.41': {
    chat: 'span.gen_ai.inference.client',
    text_completion: 'span.gen_ai.inference.client',
    generate_content: 'span.gen_ai.inference.client',
    embeddings: 'span.gen_ai.embeddings.client',
    invoke_agent: 'span.gen_ai.invoke_agent.internal',
    invoke_workflow: 'span.gen_ai.invoke_workflow.internal',
    execute_tool: 'span.gen_ai.execute_tool.internal',
  },
  'genai-latest': {
    chat: 'span.gen_ai.client.inference',
    text_completion: 'span.gen_ai.client.inference',
    generate_content: 'span.gen_ai.client.inference',
    embeddings: 'span.gen_ai.embeddings.client',
    invoke_agent: 'span.gen_ai.invocation.internal',
    invoke_workflow: 'span.gen_ai.invocation.internal',
    execute_tool: 'span.gen_ai.execute_tool.internal',
  },
};

/** Names outside the registry that this package documents: its own namespace and OpenInference tags. */
const CUSTOM_PREFIXES = ['mellea.'];
const DOCUMENTED_EXTRAS = new Set(['tag.tags']);

/**
 * Conditionally required attributes whose condition a scenario does not meet, with why. `absent`:
 * the attribute must then not be there (an "if and only if" condition).
 */
export type NotApplicable = Record<string, { reason: string; absent?: boolean }>;

/** What a scenario is, for the conditions of the registry. */
export interface ScenarioFacts {
  /** The operation ended in an error (`error.type` required; otherwise it must be absent). */
  failed: boolean;
  /** A streaming request (`gen_ai.request.stream` required; otherwise absent). */
  streaming: boolean;
  /** Further conditions the scenario does not meet. */
  notApplicable?: NotApplicable;
}

const KIND_NAMES: Record<number, string> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

function conditionsOf(facts: ScenarioFacts): NotApplicable {
  const out: NotApplicable = { ...facts.notApplicable };
  if (!facts.failed) out['error.type'] = { reason: 'the operation succeeded', absent: true };
  if (!facts.streaming) out['gen_ai.request.stream'] = { reason: 'not a streaming request', absent: true };
  return out;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'double':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'int[]':
      return Array.isArray(value) && value.every((v) => Number.isInteger(v));
    case 'double[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'number');
    case 'any':
      return true;
    default:
      return type.startsWith('template[') ? typeMatches(type.slice(9, -1), value) : false;
  }
}

/**
 * Problems of `attrs` against `def` (required and conditionally required attributes, names, types,
 * deprecation). `closedSet`: metric attributes must be ones the definition lists.
 */
export function attributeProblems(
  where: string,
  attrs: Attributes,
  def: SignalDefinition,
  registry: SemconvRegistry,
  facts: ScenarioFacts,
  closedSet = false,
): string[] {
  const problems: string[] = [];
  const na = conditionsOf(facts);
  for (const [name, req] of def.attributes) {
    const present = attrs[name] !== undefined;
    // "If `server.address` is set."-style conditions name the attribute they depend on.
    const dependsOn = req.condition?.match(/`([\w.]+)` is set/i)?.[1];
    const skip =
      na[name] ??
      (dependsOn !== undefined && attrs[dependsOn] === undefined
        ? { reason: `${dependsOn} is not set` }
        : undefined);
    if (req.level === 'required' && !present) problems.push(`${where}: required ${name} is missing`);
    if (req.level === 'conditionally_required' && !present && skip === undefined)
      problems.push(`${where}: conditionally required ${name} is missing (${req.condition})`);
    if (present && skip?.absent) problems.push(`${where}: ${name} must be absent (${skip.reason})`);
  }
  for (const [name, value] of Object.entries(attrs)) {
    const known = registry.attributes.get(name);
    if (known === undefined) {
      if (!CUSTOM_PREFIXES.some((p) => name.startsWith(p)) && !DOCUMENTED_EXTRAS.has(name))
        problems.push(`${where}: ${name} is not in the ${registry.mode} registry`);
      continue;
    }
    if (known.deprecated) problems.push(`${where}: ${name} is deprecated in ${registry.mode}`);
    if (!typeMatches(known.type, value))
      problems.push(`${where}: ${name} should be ${known.type}, is ${JSON.stringify(value)}`);
    if (closedSet && !def.attributes.has(name))
      problems.push(`${where}: ${name} is not an attribute of ${def.id}`);
  }
  return problems;
}

/** The span names the registry's name note allows, from its backticked `{attr}` templates. */
function allowedNames(def: SignalDefinition, attrs: Attributes): string[] {
  const templates = [...def.nameNote.matchAll(/`([^`]*\{[^`]*)`/g)].map((m) => m[1]);
  const out: string[] = [];
  for (const t of templates) {
    const keys = [...t.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    if (keys.every((k) => attrs[k] !== undefined))
      out.push(t.replace(/\{([^}]+)\}/g, (_, k) => String(attrs[k])));
  }
  return out;
}

/** Problems of one finished span (and its events) against the registry. */
export function spanProblems(
  span: ReadableSpan,
  registry: SemconvRegistry,
  facts: ScenarioFacts,
  opts: { inProcess?: boolean } = {},
): string[] {
  const operation = span.attributes['gen_ai.operation.name'] as string | undefined;
  const where = `span "${span.name}"`;
  const problems: string[] = [];
  if (operation !== undefined) {
    const id = SPAN_DEFINITION[registry.mode][operation];
    const def = id === undefined ? undefined : registry.spans.get(id);
    if (def === undefined)
      return [`${where}: no ${registry.mode} span definition for operation ${operation}`];
    problems.push(...attributeProblems(where, span.attributes, def, registry, facts));
    // Inference spans MAY be INTERNAL for models running in the same process (the registry's note).
    const kinds = [def.kind, ...(opts.inProcess ? ['internal'] : [])];
    if (!kinds.includes(KIND_NAMES[span.kind]))
      problems.push(`${where}: kind ${KIND_NAMES[span.kind]}, not ${def.kind}`);
    const names = allowedNames(def, span.attributes);
    if (names.length > 0 && !names.includes(span.name))
      problems.push(`${where}: name should be one of ${names.join(' | ')}`);
  } else {
    problems.push(...attributeProblems(where, span.attributes, emptyDefinition(span.name), registry, facts));
  }
  for (const event of span.events) {
    const def = registry.events.get(event.name) ?? emptyDefinition(event.name);
    problems.push(
      ...attributeProblems(`${where} event ${event.name}`, event.attributes ?? {}, def, registry, facts),
    );
  }
  return problems;
}

function emptyDefinition(id: string): SignalDefinition {
  return { id, kind: undefined, attributes: new Map(), nameNote: '', note: '' };
}

const INSTRUMENT_OF_KIND: Record<MetricPoint['kind'], string> = {
  histogram: 'histogram',
  exponential_histogram: 'histogram',
  counter: 'counter',
  updowncounter: 'updowncounter',
  gauge: 'gauge',
};

/** Problems of the metric points of one scenario: each metric as its registry entry says. */
export function metricProblems(
  points: MetricPoint[],
  registry: SemconvRegistry,
  facts: ScenarioFacts,
): string[] {
  const problems: string[] = [];
  for (const p of points) {
    const def = registry.metrics.get(p.name);
    const where = `metric ${p.name}`;
    if (def === undefined) {
      problems.push(`${where} is not in the ${registry.mode} registry`);
      continue;
    }
    if (INSTRUMENT_OF_KIND[p.kind] !== def.instrument)
      problems.push(`${where}: a ${p.kind}, not a ${def.instrument}`);
    if (p.unit !== def.unit) problems.push(`${where}: unit ${p.unit}, not ${def.unit}`);
    const valueType = p.valueType === ValueType.INT ? 'int' : 'double';
    if (def.valueType !== undefined && valueType !== def.valueType)
      problems.push(`${where}: ${valueType} values, not ${def.valueType}`);
    problems.push(...attributeProblems(where, p.attributes as Attributes, def, registry, facts, true));
  }
  return problems;
}

/**
 * The client metrics the registry asks for in a scenario: for v1.41 every `gen_ai.client.*` metric,
 * for the latest registry the `gen_ai.client.inference.*` family for inference operations and
 * `gen_ai.client.operation.*` for the others; less the streaming-only ones (their note says so) when
 * the scenario does not stream successfully, and less v1.41's token usage when no usage is known.
 */
export function expectedMetrics(
  registry: SemconvRegistry,
  scenario: { inference: boolean; streamed: boolean; usageKnown: boolean },
): string[] {
  const family =
    registry.mode === 'v1.41'
      ? 'gen_ai.client.'
      : scenario.inference
        ? 'gen_ai.client.inference.'
        : 'gen_ai.client.operation.';
  return [...registry.metrics.values()]
    .filter((m) => m.id.replace(/^metric\./, '').startsWith(family))
    .filter((m) => scenario.streamed || !/reported for streaming calls/.test(m.note))
    .filter((m) => scenario.usageKnown || registry.mode !== 'v1.41' || m.unit !== '{token}')
    .map((m) => m.id.replace(/^metric\./, ''))
    .sort();
}
