/**
 * Rules every surface applies before it acts, beside the catalog that names them: when a person must confirm.
 * The time rule is in time-to-play.ts; a send's whole meaning in the send plan (plan/).
 */
import type { Operation } from './operations.js';

/** Whether a person confirms before this call: always (a deletion), or when more than one store would play it. */
export function needsConfirmation(
  operation: Pick<Operation, 'confirm'>,
  plan: { stores?: number } = {},
): boolean {
  if (operation.confirm === 'always') return true;
  if (operation.confirm === 'several-stores') return (plan.stores ?? 0) > 1;
  return false;
}
