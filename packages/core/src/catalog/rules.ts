/**
 * Rules every surface applies before it acts, beside the catalog that names them: when a person must confirm,
 * and that a time to play is still ahead. A surface asks them; none keeps its own copy.
 */
import { ValidationError } from '../errors.js';
import type { Operation } from './operations.js';
import { formatInZone } from './time-to-play.js';

/** Whether a person confirms before this call: always (a deletion), or when more than one store would play it. */
export function needsConfirmation(
  operation: Pick<Operation, 'confirm'>,
  plan: { stores?: number } = {},
): boolean {
  if (operation.confirm === 'always') return true;
  if (operation.confirm === 'several-stores') return (plan.stores ?? 0) > 1;
  return false;
}

/**
 * @deprecated The send plan applies `timeToPlay`; kept until every surface plans its sends.
 * Refuses a time to play that has passed: the API would play it at once, which is never what a person who
 * named a time meant (a model that thinks it is last year writes last year's "tomorrow 9am").
 */
export function refusePastTime(
  at: Date,
  options: { timeZone?: string; now?: Date; param?: string } = {},
): void {
  const now = options.now ?? new Date();
  if (at.getTime() >= now.getTime()) return;
  const timeZone = options.timeZone ?? 'UTC';
  throw new ValidationError({
    code: 'invalid_format',
    param: options.param ?? 'scheduleAt',
    type: 'validation_error',
    message: `${formatInZone(at, timeZone)} has already passed: it is now ${formatInZone(now, timeZone)}. Give a time ahead, or none to play now.`,
  });
}
