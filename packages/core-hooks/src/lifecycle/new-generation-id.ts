import { randomUUID } from 'node:crypto';

/** A new correlation id for one generation (UUID v4), distinct from the provider's response id. */
export function newGenerationId(): string {
  return randomUUID();
}
