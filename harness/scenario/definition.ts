// What a scenario is: a deployment, what happens before the fault, the fault, and the expectation.
import type { DeploymentSpec, UserJob } from '../platforms/deployment-spec.ts';
import type { Fault } from '../faults/fault.ts';
import type { RestoreStrategy, SnapshotKind } from '../oracle/snapshot.ts';
import type { Verdict } from '../judge/verdict.ts';
import type { Step } from './steps.ts';
import type { ScenarioResult } from '../report/results.ts';
import type { PlatformName } from './environment.ts';
import { DEFAULT_SCENARIO_PLATFORMS } from '../platforms/registry.ts';

export interface ScenarioDefinition {
  /** Stable id, [a-z0-9-]: used in reports and container names. */
  id: string;
  /** The sentence the scenario proves. */
  title: string;
  /**
   * Only what differs from `defaultSpec()`. `resume` configures how the platform resumes an ended
   * job (by default the reference policy for `strategy`, or FRH_RESUME_COMMAND when set).
   */
  deployment?: Partial<DeploymentSpec>;
  /** The user's intent: which state the job must come back from. */
  strategy: RestoreStrategy;
  /** What happens, in order, between "running with checkpoints" and the fault. */
  before?: Step[];
  fault: Fault;
  /** What the platform's resume changes (an upgrade: new probe version, new Flink image, changed UIDs). */
  redeployWith?: Partial<DeploymentSpec>;
  /**
   * A user's job instead of the probe: `prepare` builds or locates it for the Flink version the
   * scenario runs on (before anything is deployed), `upgrade` says what a redeploy changes in it.
   */
  userJob?: { prepare(flinkVersion: string): Promise<UserJob>; upgrade?(job: UserJob): UserJob };
  /** Platforms the scenario runs on (e.g. those with Kubernetes HA ConfigMaps); Docker and Kubernetes by default. */
  platforms?: PlatformName[];
  /** Run on every configured Flink version (default) or only the first (defects of the platform, not of Flink). */
  versions?: 'all' | 'first';
  /** Facts about the run its verdict alone does not show, asserted after it (e.g. how close a checkpoint was to the fault). */
  alsoShows?: Array<{ fact: string; holds(result: ScenarioResult): boolean }>;
  /** What the scenario intends to end in: usually PASS with a kind of snapshot restored. */
  expect: { verdict: Verdict; restored?: SnapshotKind | 'none' };
}

/**
 * Where a scenario runs unless it names its platforms: those the harness resumes through its resume
 * seam. Under the Operator the operator resumes, so a scenario names 'operator' when its faults are
 * ones a user of the operator meets (a pod lost, a spec changed).
 */
export const DEFAULT_PLATFORMS: readonly PlatformName[] = DEFAULT_SCENARIO_PLATFORMS;
