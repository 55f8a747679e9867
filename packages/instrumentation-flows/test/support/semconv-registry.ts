import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The two semconv modes, named after their fixture folders. */
export type SemconvMode = 'v1.41' | 'genai-latest';

export type RequirementLevel = 'required' | 'conditionally_required' | 'recommended' | 'opt_in';

/** An attribute as a span, event or metric definition lists it. */
export interface AttributeRequirement {
  name: string;
  level: RequirementLevel;
  /** The registry's condition text (conditionally required / recommended with a condition). */
  condition: string | undefined;
}

/** An attribute definition of the registry. */
export interface AttributeDefinition {
  name: string;
  /** `string`, `int`, `double`, `boolean`, `string[]`, ...; an enum is the type of its members' values. */
  type: string;
  deprecated: boolean;
}

/** A span, event or metric definition with its resolved attributes (inherited ones included). */
export interface SignalDefinition {
  id: string;
  /** Spans: `client`, `internal`, ... */
  kind: string | undefined;
  attributes: Map<string, AttributeRequirement>;
  /** The span-name note (spans only). */
  nameNote: string;
  note: string;
}

export interface MetricDefinition extends SignalDefinition {
  instrument: string;
  unit: string;
  /** `int` or `double` (the registry's `metric_value_type`). */
  valueType: string | undefined;
}

/** One mode's registry, read from the vendored YAML. */
export interface SemconvRegistry {
  mode: SemconvMode;
  attributes: Map<string, AttributeDefinition>;
  /** By id (`span.gen_ai.inference.client`; definition/2 spans as `span.<type>`). */
  spans: Map<string, SignalDefinition>;
  /** By event name. */
  events: Map<string, SignalDefinition>;
  /** By metric name. */
  metrics: Map<string, MetricDefinition>;
}

type Raw = Record<string, unknown>;

/** A group before its attributes are resolved. */
interface RawGroup {
  id: string;
  extends: string | undefined;
  items: Raw[];
  raw: Raw;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'semconv-registry');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (entry.name.endsWith('.yaml')) out.push(full);
  }
  return out.sort();
}

function typeOf(type: unknown): string {
  if (typeof type === 'string') return type;
  const members = (type as { members?: Raw[] } | undefined)?.members ?? [];
  return members.every((m) => typeof m.value === 'number' && Number.isInteger(m.value))
    ? 'int'
    : members.every((m) => typeof m.value === 'number')
      ? 'double'
      : 'string';
}

function requirementOf(raw: unknown): { level: RequirementLevel; condition: string | undefined } | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return { level: raw as RequirementLevel, condition: undefined };
  const [level, condition] = Object.entries(raw as Raw)[0];
  return { level: level as RequirementLevel, condition: String(condition) };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Reads every YAML file of `mode` (both the `groups:` format and `file_format: definition/2`). */
export function loadRegistry(mode: SemconvMode): SemconvRegistry {
  const attributes = new Map<string, AttributeDefinition>();
  const groups = new Map<string, RawGroup>();
  const spanIds: string[] = [];
  const eventIds = new Map<string, string>();
  const metricIds = new Map<string, string>();
  const define = (a: Raw, name: string) =>
    attributes.set(name, { name, type: typeOf(a.type), deprecated: a.deprecated !== undefined });

  for (const file of yamlFiles(path.join(FIXTURES, mode))) {
    const doc = parse(readFileSync(file, 'utf8')) as Raw;
    if (Array.isArray(doc.groups)) {
      for (const g of doc.groups as Raw[]) {
        const items = (g.attributes as Raw[] | undefined) ?? [];
        for (const a of items) if (typeof a.id === 'string' && a.type !== undefined) define(a, a.id);
        const id = g.id as string;
        groups.set(id, { id, extends: g.extends as string | undefined, items, raw: g });
        if (g.type === 'span') spanIds.push(id);
        if (g.type === 'event') eventIds.set(g.name as string, id);
        if (g.type === 'metric') metricIds.set(g.metric_name as string, id);
      }
      continue;
    }
    for (const a of (doc.attributes as Raw[] | undefined) ?? []) define(a, a.key as string);
    for (const g of (doc.attribute_groups as Raw[] | undefined) ?? [])
      groups.set(g.id as string, {
        id: g.id as string,
        extends: undefined,
        items: (g.attributes as Raw[]) ?? [],
        raw: g,
      });
    for (const s of (doc.spans as Raw[] | undefined) ?? []) {
      const id = `span.${s.type as string}`;
      groups.set(id, { id, extends: undefined, items: (s.attributes as Raw[]) ?? [], raw: s });
      spanIds.push(id);
    }
    for (const e of (doc.events as Raw[] | undefined) ?? []) {
      const id = `event.${e.name as string}`;
      groups.set(id, { id, extends: undefined, items: (e.attributes as Raw[]) ?? [], raw: e });
      eventIds.set(e.name as string, id);
    }
    for (const m of (doc.metrics as Raw[] | undefined) ?? []) {
      const id = `metric.${m.name as string}`;
      groups.set(id, { id, extends: undefined, items: (m.attributes as Raw[]) ?? [], raw: m });
      metricIds.set(m.name as string, id);
    }
  }

  const resolved = new Map<string, Map<string, AttributeRequirement>>();
  const resolve = (id: string): Map<string, AttributeRequirement> => {
    const done = resolved.get(id);
    if (done) return done;
    const g = groups.get(id);
    if (!g) throw new Error(`${mode}: group ${id} is referenced but not defined`);
    const out = new Map<string, AttributeRequirement>(g.extends ? resolve(g.extends) : []);
    // Referenced groups first: an attribute listed in the group itself overrides them.
    for (const item of g.items)
      if (typeof item.ref_group === 'string') for (const [k, v] of resolve(item.ref_group)) out.set(k, v);
    for (const item of g.items) {
      const name = (item.ref ?? item.id) as string | undefined;
      if (name === undefined) continue;
      const own = requirementOf(item.requirement_level);
      const inherited = out.get(name);
      out.set(name, {
        name,
        level: own?.level ?? inherited?.level ?? 'recommended',
        condition: own ? own.condition : inherited?.condition,
      });
    }
    resolved.set(id, out);
    return out;
  };
  const signal = (id: string): SignalDefinition => {
    const raw = groups.get(id)!.raw;
    return {
      id,
      kind: (raw.span_kind ?? raw.kind) as string | undefined,
      attributes: resolve(id),
      nameNote: `${text((raw.name as Raw | undefined)?.note)}\n${text(raw.note)}\n${text(raw.brief)}`,
      note: `${text(raw.brief)}\n${text(raw.note)}`,
    };
  };

  const spans = new Map(spanIds.map((id) => [id, signal(id)]));
  const events = new Map([...eventIds].map(([name, id]) => [name, signal(id)]));
  const metrics = new Map(
    [...metricIds].map(([name, id]): [string, MetricDefinition] => {
      const raw = groups.get(id)!.raw;
      const codegen = (raw.annotations as { code_generation?: Raw } | undefined)?.code_generation;
      return [
        name,
        {
          ...signal(id),
          instrument: raw.instrument as string,
          unit: raw.unit as string,
          valueType: codegen?.metric_value_type as string | undefined,
        },
      ];
    }),
  );
  return { mode, attributes, spans, events, metrics };
}
