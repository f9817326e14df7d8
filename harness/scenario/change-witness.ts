// Reads what an upgrade changed and what the resumed job runs, for the change-took-effect check
// (harness/checks/change-took-effect.ts). The I/O lives here; the check only compares.
import type { DeploymentSpec } from '../platforms/deployment-spec.ts';
import type { Deployment } from '../platforms/platform.ts';
import type { Observation } from '../checks/observation.ts';

/** What of a spec an upgrade can change and the resumed job shows (the probe's version only while the probe runs). */
export interface ChangeableFields {
  parallelism: number;
  flinkVersion: string;
  probeVersion?: string;
}

export function changeableFields(spec: DeploymentSpec): ChangeableFields {
  return { parallelism: spec.parallelism, flinkVersion: spec.flinkVersion, ...(spec.userJob ? {} : { probeVersion: spec.probe.version }) };
}

/** The fields that differ between the job before the fault and the one the platform was asked to resume; undefined when none do. */
export function askedChange(before: ChangeableFields, after: ChangeableFields): NonNullable<Observation['change']>['asked'] | undefined {
  const asked = {
    ...(after.parallelism !== before.parallelism ? { parallelism: after.parallelism } : {}),
    ...(after.flinkVersion !== before.flinkVersion ? { flinkVersion: after.flinkVersion } : {}),
    ...(after.probeVersion !== undefined && before.probeVersion !== undefined && after.probeVersion !== before.probeVersion ? { probeVersion: after.probeVersion } : {}),
  };
  return Object.keys(asked).length > 0 ? asked : undefined;
}

/** The probe versions in the output of the generation that restored `restored` (every record names the snapshot its job restored). */
export function probeVersionsSinceRestore(observation: Pick<Observation, 'output' | 'restored'>): string[] {
  const restoredId = observation.restored && observation.restored.kind !== 'none' ? observation.restored.id : -1;
  return [...new Set(observation.output?.records.filter((r) => r.restoredCheckpointId === restoredId).map((r) => r.probeVersion))];
}

/**
 * The change witness after a restore: what the fault or the resume asked to change since `before`,
 * and what the resumed job runs (each read that fails stays unknown); undefined when nothing changed.
 */
export async function observeChange(deployment: Deployment, before: ChangeableFields, observation: Pick<Observation, 'output' | 'restored'>): Promise<Observation['change']> {
  const asked = askedChange(before, changeableFields(deployment.spec));
  if (!asked) return undefined;
  const parallelism = asked.parallelism === undefined ? undefined
    : (await deployment.rest.jobConfig(deployment.jobId).catch(() => undefined))?.['execution-config']?.['job-parallelism'];
  // A job config without a default (-1: the job set none and Flink names none) leaves the vertices to tell.
  const vertexParallelisms = asked.parallelism === undefined || (parallelism !== undefined && parallelism > 0) ? undefined
    : ((await deployment.rest.job(deployment.jobId).catch(() => undefined))?.vertices ?? []).flatMap((v) => (v.parallelism !== undefined ? [v.parallelism] : []));
  const flinkVersion = asked.flinkVersion === undefined ? undefined : (await deployment.rest.overview().catch(() => undefined))?.['flink-version'];
  const probeVersions = asked.probeVersion === undefined ? undefined : probeVersionsSinceRestore(observation);
  return {
    asked,
    running: {
      ...(parallelism !== undefined ? { parallelism } : {}),
      ...(vertexParallelisms !== undefined && vertexParallelisms.length > 0 ? { vertexParallelisms } : {}),
      ...(flinkVersion !== undefined ? { flinkVersion } : {}),
      ...(probeVersions !== undefined ? { probeVersions } : {}),
    },
  };
}
