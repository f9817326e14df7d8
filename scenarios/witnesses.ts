// Facts scenarios assert beyond their verdict.
import type { ScenarioResult } from '../harness/report/results.ts';

/**
 * The HA store (ZooKeeper on Docker, ConfigMaps on Kubernetes) was read when the next JobManager was
 * to recover from it, and agreed with the restore (a second witness).
 */
export const haWitnessAgreed = {
  fact: "the HA store's newest checkpoint at the fault agrees with the restore",
  holds: (result: ScenarioResult): boolean => result.checks.some((c) => c.name === 'ha-store' && c.status === 'pass'),
};
