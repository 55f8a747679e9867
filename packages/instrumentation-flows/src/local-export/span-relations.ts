import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '../sdk-types';

interface ParentInfo {
  spanId: string | undefined;
  isRemote: boolean;
}

// SDK 2.x+ spans carry `parentSpanContext`; 1.x ones `parentSpanId`. Read both, duck-typed.
function parentInfo(span: object): ParentInfo {
  const loose = span as unknown as {
    parentSpanContext?: { spanId?: string; isRemote?: boolean };
    parentSpanId?: string;
  };
  const parent = loose.parentSpanContext;
  if (parent?.spanId) return { spanId: parent.spanId, isRemote: parent.isRemote === true };
  return { spanId: loose.parentSpanId || undefined, isRemote: false };
}

/** The span id of `span`'s parent, if it has one. */
export function parentSpanIdOf(span: object): string | undefined {
  return parentInfo(span).spanId;
}

/** `true` for the local root of a trace: no parent, or a parent from another process. */
export function isLocalRoot(span: ReadableSpan): boolean {
  const parent = parentInfo(span);
  return parent.spanId === undefined || parent.isRemote;
}

/** Compares two high-resolution times (for sorting). */
export function compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}
