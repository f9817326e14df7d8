// Checks a user's job before any container starts, so a wrong jar path is a one-line bad input
// instead of a JobManager that exits with ClassNotFoundException minutes later.
import { statSync } from 'node:fs';
import type { DeploymentSpec } from './deployment-spec.ts';
import { BadInputError } from '../support/errors.ts';

/** Platforms that can bring a user's jar into their Flink containers. */
const RUNS_USER_JOBS = new Set(['docker']);

/** Throws BadInputError when the spec's user job cannot run on `platform`; no-op for the probe. */
export function checkUserJob(spec: DeploymentSpec, platform: string): void {
  const job = spec.userJob;
  if (!job) return;
  if (!RUNS_USER_JOBS.has(platform)) {
    throw new BadInputError(`a user's job runs on the ${[...RUNS_USER_JOBS].join(', ')} platform only so far, not on ${platform}`);
  }
  let isFile = false;
  try {
    isFile = statSync(job.jar).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new BadInputError(`user job jar ${job.jar} is not a file`);
  if (!job.jar.endsWith('.jar')) throw new BadInputError(`user job jar ${job.jar} does not end in .jar`);
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(job.entryClass)) throw new BadInputError(`user job entry class "${job.entryClass}" is not a Java class name`);
}
