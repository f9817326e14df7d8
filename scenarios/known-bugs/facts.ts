// What the known-bug scenarios read from a result to check a bug's mechanism: the platform's own
// account (the operator's status and logs, as collected into evidence.diagnostics) and its record.
import { trimSlash } from '../../harness/oracle/snapshot.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import type { FlinkDeploymentStatus } from '../../harness/platforms/operator/flink-deployment.ts';

/** The diagnostics collected for the result: logs, events and the FlinkDeployment's status, by name. */
export function diagnosticsOf(result: ScenarioResult): Record<string, string> {
  return (result.evidence.diagnostics as Record<string, string> | undefined) ?? {};
}

/** The FlinkDeployment's status as collected at the end; undefined when it was not. */
export function operatorStatusOf(result: ScenarioResult): FlinkDeploymentStatus | undefined {
  const text = diagnosticsOf(result)['flinkdeployment-status'];
  return text ? JSON.parse(text) as FlinkDeploymentStatus : undefined;
}

/** The status records a savepoint the upgrade took (triggerType UPGRADE) as the last savepoint. */
export function upgradeSavepointRecorded(result: ScenarioResult): boolean {
  const last = operatorStatusOf(result)?.jobStatus?.savepointInfo?.lastSavepoint;
  return last?.triggerType === 'UPGRADE' && typeof last.location === 'string' && last.location.length > 0;
}

/** The job restored the savepoint the platform's record (evidence.platformRecord) says the stop took. */
export function restoredTheRecordedUpgradeSavepoint(result: ScenarioResult): boolean {
  const record = result.evidence.platformRecord as { savepoint?: string; path?: string } | undefined;
  return record?.savepoint === 'taken' && typeof record.path === 'string'
    && result.observed?.kind === 'savepoint' && trimSlash(result.observed.path) === trimSlash(record.path);
}
