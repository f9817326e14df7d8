// Checks a user's job before any container starts, so a wrong jar path is a one-line bad input
// instead of a JobManager that exits with ClassNotFoundException minutes later.
import { statSync } from 'node:fs';
import type { DeploymentSpec } from './deployment-spec.ts';
import { BadInputError } from '../support/errors.ts';
import { PLATFORMS, PLATFORM_OPTIONS } from './registry.ts';

/** A Java class name with its package: what an entry class must look like. */
export const JAVA_CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Throws BadInputError when the spec's user job cannot run on `platform` (its descriptor says); no-op for the probe. */
export function checkUserJob(spec: DeploymentSpec, platform: string): void {
  for (const { platform: owner, option } of PLATFORM_OPTIONS) {
    const field = option.scenarioField;
    const given = field ? spec[field.field] : undefined;
    if (field && given !== undefined && owner.name !== platform) throw new BadInputError(`${field.field} ${String(given)}: ${field.refusedOnSpec(platform)}`);
  }
  const job = spec.userJob;
  if (!job) return;
  const runs = PLATFORMS.find((p) => p.name === platform)?.userJob;
  if (!runs?.runs) {
    throw new BadInputError(runs?.why ?? `a user's job runs on the ${PLATFORMS.filter((p) => p.userJob.runs).map((p) => p.name).join(', ')} platform only so far, not on ${platform}`);
  }
  const size = fileSize(job.jar);
  if (size === undefined) throw new BadInputError(`user job jar ${job.jar} is not a file`);
  if (runs.jarLimit && size > runs.jarLimit.bytes) {
    throw new BadInputError(`user job jar ${job.jar} has ${size} bytes; on ${platform} it ${runs.jarLimit.why}, at most ${runs.jarLimit.bytes} bytes`);
  }
  if (!job.jar.endsWith('.jar')) throw new BadInputError(`user job jar ${job.jar} does not end in .jar`);
  if (!JAVA_CLASS_NAME.test(job.entryClass)) throw new BadInputError(`user job entry class "${job.entryClass}" is not a Java class name`);
}

/**
 * The Flink version found in a user's image must be the one the deployment states: the harness
 * speaks that version's REST and configuration keys. An image whose version cannot be read (no
 * flink-dist or flink-runtime jar in lib/) is taken on trust, and the run's evidence names it.
 */
export function checkUserImageVersion(image: string, statedVersion: string, foundVersion: string | undefined): void {
  if (foundVersion !== undefined && foundVersion !== statedVersion) {
    throw new BadInputError(`Flink image ${image} holds Flink ${foundVersion}, but the deployment runs Flink ${statedVersion}: set flinkVersion: ${foundVersion} (or --flink ${foundVersion}) or use an image of ${statedVersion}`);
  }
}

/** The size of the regular file at `path`; undefined when there is none (missing, a folder, unreadable). */
export function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}
