// Whether a platform can inject a fault, asked before anything is deployed: the fault's own check()
// against a template of the platform's deployment (platforms/abilities.ts).
import { deploymentTemplate } from '../platforms/abilities.ts';
import { MissingAbilityError, type Fault } from './fault.ts';

/** Why `platform` cannot inject `fault` (the fault's own one-line complaint), or undefined when it can. */
export function cannotInject(platform: string, fault: Fault): string | undefined {
  try {
    fault.check(deploymentTemplate(platform));
    return undefined;
  } catch (error) {
    if (error instanceof MissingAbilityError) return error.message;
    throw error;
  }
}
