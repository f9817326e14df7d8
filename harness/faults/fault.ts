// What breaks a deployment (Jepsen's nemesis): inject, optionally heal, and how recovery happens.
import type { Deployment } from '../platforms/platform.ts';
import type { CheckpointWatcher } from '../flink/checkpoint-watcher.ts';
import type { FaultKind } from '../oracle/snapshot.ts';

/** What a fault can use: the deployment and the checkpoint timeline being recorded. */
export interface FaultContext {
  deployment: Deployment;
  watcher: CheckpointWatcher;
}

/**
 * How the job comes back after the fault:
 * - failover: the platform recovers the job in place (same job id, the newest checkpoint);
 * - redeploy: the job is gone (cancelled, stopped, failed for good) and the platform resumes it
 *   its own way (Deployment.resume): the harness never says from what.
 */
export type Recovery = 'failover' | 'redeploy';

/** What happened, for the timeline and the oracle. `at` is when the job lost its running state. */
export interface FaultRecord {
  fault: string;
  /** When the fault began (for a kill: when it was sent). */
  at: number;
  /** When it had certainly taken effect (the kill command returned), if later than `at`. */
  effectiveAt?: number;
  /**
   * When the platform began bringing the job back, as far as the fault can tell: the oracle's
   * cutoff (OracleInput.restoreBeganAt). Never later than the real beginning: a snapshot of the
   * restored job must not count as state the restore passed over. Unset where the fault cannot say
   * (a freeze, deleted HA metadata, a deleted deployment whose job runs on until the redeploy).
   */
  restoreBeganAt?: number;
  detail: Record<string, unknown>;
  healedAt?: number;
}

export interface Fault {
  /** Short name for reports and timelines, e.g. "kill-taskmanager". */
  readonly name: string;
  /** The oracle's name for what happened to the job. */
  readonly kind: FaultKind;
  readonly recovery: Recovery;
  /** Throws a one-line error when the deployment lacks an ability the fault needs. */
  check(deployment: Deployment): void;
  inject(context: FaultContext): Promise<FaultRecord>;
  /** Undoes what inject left broken; runs before any check. */
  heal?(context: FaultContext): Promise<void>;
}

/** Raised when a platform lacks an ability a fault needs (a BAD_INPUT: that combination cannot run). */
export class MissingAbilityError extends Error {
  constructor(fault: string, platform: string, ability: string) {
    super(`fault ${fault} needs a platform that can ${ability}; ${platform} cannot`);
    this.name = 'MissingAbilityError';
  }
}

/** The trivial fault: nothing happens (the job keeps running; useful to test the layers above). */
export const noFault: Fault = {
  name: 'none',
  kind: 'none',
  recovery: 'failover',
  check: () => undefined,
  inject: async () => ({ fault: 'none', at: Date.now(), detail: {} }),
};
