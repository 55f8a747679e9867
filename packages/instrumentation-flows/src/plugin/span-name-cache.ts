/**
 * Span names `"{operation} {model}"` (just `"{operation}"` without a model), remembering the last
 * one: a framework usually calls one model, so the hot path builds no string.
 */
export class SpanNameCache {
  private operation = '';
  private model = '';
  private name = '';

  /** The span name for `operation` and `model`. */
  nameOf(operation: string, model: string | undefined): string {
    if (model === undefined) return operation;
    if (operation !== this.operation || model !== this.model) {
      this.operation = operation;
      this.model = model;
      this.name = `${operation} ${model}`;
    }
    return this.name;
  }
}
