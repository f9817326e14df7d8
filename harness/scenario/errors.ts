// Maps what went wrong during a run to a verdict class and a one-line message.
import type { Verdict } from '../judge/verdict.ts';
import { WaitTimeoutError } from '../support/wait.ts';
import { JobWillNotRunError } from '../platforms/platform.ts';
import { MissingAbilityError } from '../faults/fault.ts';
import { MissingImageError } from '../platforms/images.ts';
import { BadInputError } from '../support/errors.ts';

/** TIMEOUT for waits that ran out (or that could not end otherwise), BAD_INPUT for what the user can fix, INFRA_ERROR for the rest. */
export function classifyError(error: unknown): { verdict: Verdict; message: string } {
  const message = error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
  if (error instanceof WaitTimeoutError || error instanceof JobWillNotRunError) return { verdict: 'TIMEOUT', message };
  if (error instanceof BadInputError || error instanceof MissingAbilityError || error instanceof MissingImageError) return { verdict: 'BAD_INPUT', message };
  return { verdict: 'INFRA_ERROR', message: `${error instanceof Error ? error.name : 'error'}: ${message}` };
}
