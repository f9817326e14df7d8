// Checks a user's job before any container starts, so a wrong jar path is a one-line bad input
// instead of a JobManager that exits with ClassNotFoundException minutes later.
import { statSync } from 'node:fs';
import type { DeploymentSpec } from './deployment-spec.ts';
import { BadInputError } from '../support/errors.ts';

/** A Java class name with its package: what an entry class must look like. */
export const JAVA_CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Platforms that can bring a user's jar into their Flink containers. */
const RUNS_USER_JOBS = new Set(['docker', 'kubernetes']);
/** Kubernetes brings the jar in a ConfigMap, which holds at most 1 MiB; some room is left for its metadata. */
const KUBERNETES_JAR_LIMIT_BYTES = 900 * 1024;

/** Throws BadInputError when the spec's user job cannot run on `platform`; no-op for the probe. */
export function checkUserJob(spec: DeploymentSpec, platform: string): void {
  if (spec.flinkDeployment && platform !== 'operator') throw new BadInputError(`flinkDeployment ${spec.flinkDeployment}: a FlinkDeployment runs on the operator platform only, not on ${platform}`);
  const job = spec.userJob;
  if (!job) return;
  if (platform === 'operator') {
    throw new BadInputError("on the operator platform a user's job comes in its own FlinkDeployment: give flinkDeployment (or --flink-deployment) instead of userJob");
  }
  if (!RUNS_USER_JOBS.has(platform)) {
    throw new BadInputError(`a user's job runs on the ${[...RUNS_USER_JOBS].join(', ')} platform only so far, not on ${platform}`);
  }
  const size = fileSize(job.jar);
  if (size === undefined) throw new BadInputError(`user job jar ${job.jar} is not a file`);
  if (platform === 'kubernetes' && size > KUBERNETES_JAR_LIMIT_BYTES) {
    throw new BadInputError(`user job jar ${job.jar} has ${size} bytes; on kubernetes it travels in a ConfigMap, at most ${KUBERNETES_JAR_LIMIT_BYTES} bytes`);
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
