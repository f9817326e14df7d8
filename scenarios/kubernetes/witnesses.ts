// Facts Kubernetes scenarios assert beyond their verdict.
import type { ScenarioResult } from '../../harness/report/results.ts';

/** The HA ConfigMap was read at the fault and agreed with the restore (a second witness). */
export const haWitnessAgreed = {
  fact: "the HA ConfigMap's newest checkpoint at the fault agrees with the restore",
  holds: (result: ScenarioResult): boolean => result.checks.some((c) => c.name === 'ha-configmap' && c.status === 'pass'),
};
