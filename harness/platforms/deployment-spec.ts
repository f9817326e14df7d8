// What to deploy: the probe job and the Flink settings that decide how it checkpoints and restores.
import type { RestorePoint } from '../oracle/snapshot.ts';
import type { ResumeSettings } from './resume/resume.ts';

export type Retention = 'RETAIN_ON_CANCELLATION' | 'DELETE_ON_CANCELLATION' | 'NO_EXTERNALIZED_CHECKPOINTS';
export type HighAvailability = 'zookeeper' | 'kubernetes' | 'none';
/** The Flink Kubernetes Operator's `spec.job.upgradeMode`. */
export type UpgradeMode = 'last-state' | 'savepoint' | 'stateless';

/**
 * A user's own job deployed instead of the probe. Without the probe the harness sees no output
 * and no probe gauge: its verdict rests on REST, storage, HA, the JobManager log and the platform.
 */
export interface UserJob {
  /**
   * The job's jar on the host, which the platform brings into every Flink container; on the
   * Operator platform the jarURI of the user's FlinkDeployment (the jar is in its image).
   */
  jar: string;
  entryClass: string;
  arguments: string[];
  /**
   * The user's Flink configuration (config.yaml flattened to dotted keys), applied under the
   * harness's settings: where the harness needs a key set its own way, the harness wins and the
   * run records the override.
   */
  flinkConfig?: Record<string, string>;
  /**
   * The user's own Flink image instead of the harness's plain one (Docker, Kubernetes). It must
   * hold the same Flink version as the deployment and the image entry point's commands
   * (standalone-job, taskmanager).
   */
  image?: string;
}

/** A deployment of the probe job (or a user's job); platforms translate it to containers or manifests. */
export interface DeploymentSpec {
  /** Short name used in container/namespace names; [a-z0-9-]. */
  name: string;
  flinkVersion: string;
  taskManagers: number;
  slotsPerTaskManager: number;
  parallelism: number;
  checkpointIntervalMs: number;
  retention: Retention;
  numRetained: number;
  highAvailability: HighAvailability;
  /** Restart attempts before the job fails for good (fixed-delay). */
  restartAttempts: number;
  restartDelayMs: number;
  probe: { keys: number; ratePerSecond: number; version: string; stateUid: string };
  /** Where the first generation starts from (e.g. an initial savepoint); none by default. */
  initialRestore?: RestorePoint;
  allowNonRestoredState?: boolean;
  /**
   * Operators whose state this generation lets go on purpose (with allowNonRestoredState): each a
   * UID or a 32-hex-digit operator id. Their state missing after the restore is no STATE_LOSS.
   */
  droppedOperators?: string[];
  /**
   * A cluster-id every generation keeps, as users name their clusters; unset, each generation gets
   * its own. With HA, Flink derives the job id from it, so HA data left under it is found again.
   */
  clusterId?: string;
  /**
   * How the platform chooses what a resumed job restores (Ververica's restore strategy, a seeded
   * defect, or the team's own command); LATEST_STATE when unset.
   */
  resume?: ResumeSettings;
  /** On the Operator platform: how the operator stops and restores the job (last-state by default). */
  upgradeMode?: UpgradeMode;
  /** On the Operator platform: the operator release the deployment starts on (operator-<v> built); the run's default when unset. */
  operatorVersion?: string;
  /** The user's job to run instead of the probe (Docker and Kubernetes platforms). */
  userJob?: UserJob;
  /**
   * On the Operator platform: the path of the user's own FlinkDeployment YAML, deployed as written
   * except for what the run must set (operator/user-flink-deployment.ts); its job decides the
   * parallelism, slots, TaskManagers, and whether the probe or a user's job runs.
   */
  flinkDeployment?: string;
  /** Extra Flink configuration, applied last. */
  flinkConfig?: Record<string, string>;
}

export const DEFAULT_FLINK_VERSION = '2.3.0';
export const SUPPORTED_FLINK_VERSIONS = ['2.3.0', '2.1.0', '2.0.0', '1.20.0'] as const;
/**
 * The Flink version the Operator platform runs: the operator built here (1.7.0) drives Flink up to
 * its FlinkVersion v1_19, and 1.20 runs under that name (1.19 would need its own image).
 */
export const OPERATOR_FLINK_VERSION = '1.20.0';
/** The version the Flink-upgrade scenario starts from: the newest below the default (2.2.x lacks flink-container). */
export const UPGRADE_FROM_FLINK_VERSION = '2.1.0';
/** Flink's 1.x long-term-support release: most teams' upgrade to 2.x starts there (scenarios/flink-upgrades/). */
export const LTS_FLINK_VERSION = '1.20.0';
/** The newest release with an image recipe: what a team verifies its upgrade to when it ships (scenarios/flink-upgrades/). */
export const NEWEST_FLINK_VERSION = '2.3.0';

/** The spec every scenario starts from; scenarios override only what their sentence mentions. */
export function defaultSpec(overrides: Partial<DeploymentSpec> = {}): DeploymentSpec {
  return {
    name: 'probe',
    flinkVersion: DEFAULT_FLINK_VERSION,
    taskManagers: 1,
    slotsPerTaskManager: 2,
    parallelism: 2,
    checkpointIntervalMs: 3000,
    retention: 'RETAIN_ON_CANCELLATION',
    numRetained: 10,
    highAvailability: 'zookeeper',
    restartAttempts: 1000,
    restartDelayMs: 1000,
    probe: { keys: 4, ratePerSecond: 20, version: 'v1', stateUid: 'probe-state' },
    ...overrides,
  };
}
