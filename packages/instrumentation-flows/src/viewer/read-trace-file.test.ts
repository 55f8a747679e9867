import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTraceLines, readTraceFile, TraceFileError } from './read-trace-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-trace-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
const SPAN_HEX = 'eee19b7ec3c1b174';
const PARENT_HEX = 'eee19b7ec3c1b173';
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

const line = (span: Record<string, unknown>, resource: Record<string, unknown> = {}) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }], ...resource },
        scopeSpans: [{ scope: { name: 'scope-a', version: '1.2.3' }, spans: [span] }],
      },
    ],
  });

it('reads hex ids, decimal-string times, numeric enums and every AnyValue shape', () => {
  const { spans } = parseTraceLines(
    line({
      traceId: TRACE_HEX.toUpperCase(),
      spanId: SPAN_HEX,
      parentSpanId: PARENT_HEX,
      name: 'chat gpt-4o',
      kind: 3,
      startTimeUnixNano: '1544712660000000001',
      endTimeUnixNano: '1544712661000000001',
      attributes: [
        { key: 's', value: { stringValue: 'text' } },
        { key: 'i', value: { intValue: '42' } },
        { key: 'big', value: { intValue: '9007199254740993' } },
        { key: 'd', value: { doubleValue: 0.5 } },
        { key: 'b', value: { boolValue: true } },
        { key: 'bytes', value: { bytesValue: 'AQI=' } },
        { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }] } } },
        { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
        { key: 'empty', value: {} },
      ],
      events: [{ name: 'exception', timeUnixNano: '1544712660500000000', attributes: [] }],
      status: { code: 2, message: 'boom' },
    }),
    'a.jsonl',
  );
  expect(spans).toEqual([
    {
      traceId: TRACE_HEX,
      spanId: SPAN_HEX,
      parentSpanId: PARENT_HEX,
      name: 'chat gpt-4o',
      kind: 3,
      startTimeUnixNano: 1544712660000000001n,
      endTimeUnixNano: 1544712661000000001n,
      attributes: {
        s: 'text',
        i: 42,
        big: '9007199254740993',
        d: 0.5,
        b: true,
        bytes: 'AQI=',
        arr: ['x', 2],
        kv: { k: 'v' },
        empty: null,
      },
      events: [{ name: 'exception', timeUnixNano: 1544712660500000000n, attributes: {} }],
      status: { code: 2, message: 'boom' },
      resource: { 'service.name': 'svc' },
      scope: { name: 'scope-a', version: '1.2.3' },
    },
  ]);
});

it('reads base64 ids, number times, enum names, an empty status and an empty parent id as a root', () => {
  const { spans } = parseTraceLines(
    line({
      traceId: b64(TRACE_HEX),
      spanId: b64(SPAN_HEX),
      parentSpanId: '',
      name: 'root',
      kind: 'SPAN_KIND_SERVER',
      startTimeUnixNano: 1544712660000000000,
      endTimeUnixNano: 1544712661000000000,
      status: {},
    }),
    'b.jsonl',
  );
  expect(spans[0]).toMatchObject({
    traceId: TRACE_HEX,
    spanId: SPAN_HEX,
    parentSpanId: '',
    kind: 2,
    status: { code: 0, message: '' },
    attributes: {},
    events: [],
  });
  expect(spans[0].endTimeUnixNano - spans[0].startTimeUnixNano).toBe(1_000_000_000n);
  expect(
    parseTraceLines(line({ ...baseSpan(), status: { code: 'STATUS_CODE_ERROR' } }), 'c').spans[0].status.code,
  ).toBe(2);
});

function baseSpan() {
  return {
    traceId: TRACE_HEX,
    spanId: SPAN_HEX,
    name: 'x',
    kind: 1,
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
  };
}

it('skips blank lines and metrics or logs lines, and reads every trace line', () => {
  const text = [
    line(baseSpan()),
    '',
    JSON.stringify({ resourceMetrics: [] }),
    JSON.stringify({ resourceLogs: [] }),
    line({ ...baseSpan(), spanId: PARENT_HEX }),
    '',
  ].join('\n');
  const file = parseTraceLines(text, 'mixed.jsonl');
  expect(file.spans.map((s) => s.spanId)).toEqual([SPAN_HEX, PARENT_HEX]);
  expect(file.skippedLines).toBe(2);
});

it('names the file and the line of a line that is not JSON', () => {
  const text = `${line(baseSpan())}\n{"resourceSpans": [\n`;
  expect(() => parseTraceLines(text, 'broken.jsonl')).toThrow(TraceFileError);
  expect(() => parseTraceLines(text, 'broken.jsonl')).toThrow(/^broken\.jsonl:2: not OTLP\/JSON \(/);
});

it('names the file and the line of JSON that is not an OTLP trace export', () => {
  expect(() => parseTraceLines('\n\n{"hello":"world"}\n', 'other.json')).toThrow(
    'other.json:3: not OTLP/JSON traces (a line must be an object with a "resourceSpans" array)',
  );
  expect(() => parseTraceLines('[1,2]', 'arr.json')).toThrow(/^arr\.json:1: not OTLP\/JSON traces/);
});

it('names the file, the line and the field of a malformed id or time', () => {
  expect(() => parseTraceLines(line({ ...baseSpan(), spanId: 'xyz' }), 'ids.jsonl')).toThrow(
    'ids.jsonl:1: spanId "xyz" is neither 16 hex digits nor base64 of 8 bytes',
  );
  expect(() => parseTraceLines(line({ ...baseSpan(), startTimeUnixNano: 'soon' }), 't.jsonl')).toThrow(
    't.jsonl:1: startTimeUnixNano "soon" is not a time in nanoseconds',
  );
});

it('reports a missing file and a folder by path', () => {
  const missing = join(dir, 'nope.jsonl');
  expect(() => readTraceFile(missing)).toThrow(`${missing}: cannot read the trace file (no such file)`);
  expect(() => readTraceFile(dir)).toThrow(`${dir}: cannot read the trace file (it is a folder, not a file)`);
  const ok = join(dir, 'ok.jsonl');
  writeFileSync(ok, `${line(baseSpan())}\n`);
  expect(readTraceFile(ok).spans).toHaveLength(1);
});
