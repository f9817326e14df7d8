// How a platform decides what a resumed job restores. The harness never hands a platform a restore
// point: it asks the platform to bring the job back, and the platform's decider (a model of a real
// platform's policy, a seeded defect, or the team's own command) chooses from what storage holds.
import type { RestorePoint } from '../../oracle/snapshot.ts';
import type { StorageInspector } from '../../storage/inspector.ts';
import type { StoragePaths } from '../../storage/layout.ts';
import { LATEST_STATE_POLICIES, type LatestStatePolicy } from './latest-state.ts';
import { SEEDED_RESUME_DEFECTS, type SeededResumeDefect } from './seeded-defects.ts';
import { resumeCommand } from './command.ts';

/**
 * How the platform resumes an ended job:
 * - `policy`: Ververica Platform's restore strategies as a reference model (see latest-state.ts);
 * - `seededDefect`: a broken-on-purpose policy the zoo uses to prove a wrong choice is caught;
 * - `command`: the team's own resume command (see command.ts).
 */
export type ResumeSettings =
  | { policy: LatestStatePolicy }
  | { seededDefect: SeededResumeDefect }
  | { command: string };

/** What a decider may read: the deployment's storage and its own lineage (never another job's). */
export interface ResumeContext {
  deployment: string;
  storage: StorageInspector;
  paths: StoragePaths;
  /** S3 endpoint and credentials as the harness reaches them (loopback), for a command. */
  s3: { endpoint: string; accessKey: string; secretKey: string };
  /** Job ids of every generation so far, oldest first. */
  lineageJobIds: string[];
  /** Where the first generation started from, if anywhere (part of the lineage). */
  initialRestore?: RestorePoint;
  clusterId: string;
  /** The generation about to start. */
  nextGeneration: number;
  /** Kubernetes namespace of the deployment, where there is one. */
  namespace?: string;
}

export interface ResumeDecider {
  /** For progress lines and reports, e.g. "LATEST_STATE (reference model of Ververica Platform)". */
  readonly describe: string;
  choose(context: ResumeContext): Promise<RestorePoint>;
}

/** The decider for `settings`. */
export function resumeDecider(settings: ResumeSettings): ResumeDecider {
  if ('policy' in settings) return LATEST_STATE_POLICIES[settings.policy];
  if ('seededDefect' in settings) return SEEDED_RESUME_DEFECTS[settings.seededDefect];
  return resumeCommand(settings.command);
}

/** One line for progress and evidence. */
export function describeResumeSettings(settings: ResumeSettings): string {
  return resumeDecider(settings).describe;
}
