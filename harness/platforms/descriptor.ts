// What the house knows of a platform without deploying anything: each platform folder exports one
// descriptor (harness/platforms/<name>/descriptor.ts), and registry.ts lists them. The CLI's help
// and validation, the YAML schema's enum, the vitest projects, sweeps, repro and bundles read these,
// so no file outside harness/platforms/ names a platform (test/unit/scripts/platform-seams.test.ts).
// A descriptor imports nothing heavy: its platform's code is loaded when a run creates it.
import type { Deployment, Platform } from './platform.ts';
import type { ProviderSettings } from '../clusters/index.ts';
import type { RestoreStrategy } from '../oracle/snapshot.ts';
import type { DeploymentSpec } from './deployment-spec.ts';
import type { WatchedOwner } from '../support/reaper.ts';

/** What a run hands a platform to build itself: its run id and the validated FRH_* settings. */
export interface PlatformRunContext {
  runId: string;
  env: NodeJS.ProcessEnv;
  /** The run's Flink versions (FRH_FLINK_VERSIONS, validated): what images a cluster needs. */
  flinkVersions: string[];
}

/**
 * An option only some platforms take (`frh suite --flink-deployment FILE`): its flag, the variable
 * the flag sets for vitest's workers, and its validation.
 */
export interface PlatformOption {
  readonly flag: string;
  readonly variable: string;
  /** Why the option is refused on another platform, as the user reads it. */
  refusedOn(platform: string): string;
  /** Set when the platform cannot run without it: the complaint when it is missing. */
  readonly required?: string;
  /** Checks the value given under `name` (a flag or the variable), throwing a BadInputError; returns it as workers read it (e.g. made absolute). */
  check(value: string, name: string, env: NodeJS.ProcessEnv): string;
  /** The same given by a YAML scenario, as `deployment.<field>`: a file beside the scenario file. */
  readonly scenarioField?: {
    readonly field: keyof DeploymentSpec & string;
    /** Why a scenario that does not run on the platform cannot give it. */
    readonly refusal: string;
    /** Why a deployment on another platform cannot have it (the spec's field set, e.g. by a scenario file). */
    refusedOnSpec(platform: string): string;
    /** Checks the file (absolute) for a scenario whose deployment is `deployment`, throwing a BadInputError. */
    checkFile(path: string, deployment: Partial<DeploymentSpec>, env: NodeJS.ProcessEnv): void;
  };
}

/** What a platform may ask of a scenario to decide whether it runs there (kept narrow: platforms import no scenario code). */
export interface ScenarioNeeds {
  platforms?: readonly string[];
  strategy: RestoreStrategy;
  fault: { name: string; kind: string; recovery: 'failover' | 'redeploy'; check(deployment: Deployment): void };
  before?: ReadonlyArray<{ name: string }>;
  deployment?: Partial<DeploymentSpec>;
  userJob?: unknown;
}

/** What a platform's runs leave, and how runs, `frh sweep` and the reaper remove it (by label only). */
export interface PlatformCleanup {
  /** What its leftovers are, for messages: "container(s)/network(s)", "namespace(s)". */
  readonly leaves: string;
  /**
   * Every run sweeps these leftovers, whatever platform it runs on, before its own: containers of
   * any run's integration tests live there.
   */
  readonly sweptByEveryRun: boolean;
  /** The machine's Docker engine is needed to sweep (./run installs it first). */
  readonly sweepNeedsDockerEngine: boolean;
  /** Removes leftovers of crashed runs (no runId) or everything of one run; kept deployments only with removeKept. */
  sweep(scope: { runId?: string; removeKept?: boolean; env: NodeJS.ProcessEnv }): Promise<number>;
  /** The flags after `frh sweep --run ID` that reach what a run kept (`--keep`) here. */
  sweepFlags(cluster: ProviderSettings): string[];
  /**
   * How the reaper (support/reaper-main.ts) removes what a gone owner left on the machine's Docker
   * engine, for the platform whose deployments live there. (Namespaces on a cluster the reaper removes
   * itself, whichever platform made them.)
   */
  engineReaper?(): Promise<EngineReaper>;
}

/** One reaper pass over the Docker engine: removes what `owner` left, returns how much. */
export type EngineReaper = (owner: WatchedOwner, log: (message: string) => void) => Promise<number>;

/** A platform's own vitest project (vitest.config.ts builds it): the suite's scenarios on that platform. */
export interface VitestProject {
  name: string;
  /** The variable that picks the project's Flink versions; else it runs the platform's default version. */
  flinkVersionsVariable?: string;
  /** What `./run test` runs of it (when `variable` is `ci`), to stay inside CI's time; else every suite scenario. */
  ci?: { variable: string; include: string[]; why: string };
  /** Groups of vitest.config.ts it runs besides the suite's scenarios (nightly). */
  alsoRuns?: ReadonlyArray<'proofs' | 'flink-upgrades'>;
}

/**
 * What the oracle expects when this platform's own controller stops and restarts a job, per mode
 * the user picks (e.g. a FlinkDeployment's upgradeMode): the restore strategy it amounts to. Absent
 * when the harness's resume seam decides (the strategy is the scenario's).
 */
export type RestoreSemantics = Readonly<Record<string, RestoreStrategy>>;

export interface PlatformDescriptor {
  /** `--platform NAME`, FRH_PLATFORM, a scenario's `platforms:`. */
  readonly name: string;
  /** How a person names it in a sentence ("Operator scenarios"). */
  readonly title: string;
  /** One short line for `frh --help`: what deploys Flink and who decides what a restore uses. */
  readonly summary: string;
  /** Where its deployments run: the machine's Docker engine, or a Kubernetes cluster (then the cluster flags apply and runs bring it up). */
  readonly runsOn: 'docker-engine' | 'kubernetes-cluster';
  /** The Flink version it runs when FRH_FLINK_VERSIONS is not set. */
  readonly defaultFlinkVersion: string;
  /** Scenarios that name no platforms run here: those whose restores the harness's resume seam decides. */
  readonly runsUnnamedScenarios: boolean;
  /** A scenarios/ folder whose scenarios run only here (the suite skips them elsewhere). */
  readonly ownScenarioFolder?: string;
  /**
   * The vitest project that runs the suite on it, when not the default `scenarios` project, and the
   * variable that picks that project's Flink versions (else its default version).
   */
  readonly vitestProject?: VitestProject;
  /** Whether a user's own job (a jar instead of the probe) runs on it, within what limit; or why not. */
  readonly userJob: { runs: true; jarLimit?: { bytes: number; why: string } } | { runs: false; why: string };
  /**
   * Whether `frh soak` runs on it, and why not when it does not; `defaultFaults`: what a soak draws
   * without `--faults` when not the kills every platform has (a platform whose controller stops and
   * restarts jobs names its own changes too).
   */
  readonly soak: { runs: true; defaultFaults?: readonly string[] } | { runs: false; why: string };
  /**
   * Why a scenario does not run here, or undefined when it does. When present it decides instead of
   * the scenario's `platforms:` (a platform whose abilities come from the user's own files).
   */
  cannotRun?(scenario: ScenarioNeeds, env: NodeJS.ProcessEnv): string | undefined;
  /** Options only this platform takes. */
  readonly options: readonly PlatformOption[];
  /** What the oracle expects of its own controller's restores, per mode. */
  readonly restoreSemantics?: RestoreSemantics;
  /** How many scenarios `frh suite` runs at once by default on a machine of this size. */
  defaultParallelism(machine: { cores: number; memoryBytes: number }): number;
  /** images/build.sh's names of the images a run of these Flink versions needs. */
  imagesNeeded(flinkVersions: string[], env: NodeJS.ProcessEnv): string[];
  /** Its Deployment class: what its deployments can do, asked of the class before anything is deployed (abilities.ts). */
  deploymentClass(): Promise<{ prototype: object }>;
  /** The platform of a run, ready to deploy (on a cluster: the cluster up and holding the run's images). */
  create(context: PlatformRunContext): Promise<Platform>;
  /** Brings up what the whole run shares before any scenario (a cluster with the run's images), if anything. */
  prepareRun?(context: Omit<PlatformRunContext, 'runId'>): Promise<void>;
  readonly cleanup: PlatformCleanup;
}
