import type { DecodedSpan } from '@mellea/test-otlp-receiver';

const CONTENT = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
];

/** Every content attribute of the spans and of their events, as [where, value]. */
export function contentValues(spans: DecodedSpan[]): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const span of spans) {
    for (const key of CONTENT)
      if (key in span.attributes) found.push([`${span.name} ${key}`, span.attributes[key]]);
    for (const event of span.events)
      for (const key of CONTENT)
        if (key in event.attributes) found.push([`${span.name} ${event.name} ${key}`, event.attributes[key]]);
  }
  return found;
}

/** Where a content value is not a JSON string of at most `limit` characters. */
export function contentProblems(values: [string, unknown][], limit: number): string[] {
  return values.flatMap(([where, value]) => {
    if (typeof value !== 'string') return [`${where}: not a string`];
    if (value.length > limit) return [`${where}: ${value.length} characters`];
    try {
      JSON.parse(value);
      return [];
    } catch {
      return [`${where}: not JSON`];
    }
  });
}
