// The YAML scenario format as a zod schema: the one description of what a scenario file may say.
// The validator (yaml.ts) and the published JSON Schema (schemas/scenario.schema.json, for editors)
// are both generated from it, and its enums come from the harness's own constants and types.
import { z } from 'zod';
import { RESTORE_STRATEGIES, type RestoreStrategy } from '../oracle/snapshot.ts';
import { VERDICTS } from '../judge/verdict.ts';
import { PLATFORMS } from './environment.ts';
import { DEFAULT_SCENARIO_PLATFORMS } from '../platforms/registry.ts';
import type { HighAvailability, Retention, UpgradeMode } from '../platforms/deployment-spec.ts';
import type { LatestStatePolicy } from '../platforms/resume/latest-state.ts';
import type { SeededResumeDefect } from '../platforms/resume/seeded-defects.ts';
import type { SavepointFormat } from '../flink/client.ts';
import type { ComponentName } from '../platforms/platform.ts';
import { JAVA_CLASS_NAME } from '../platforms/user-job.ts';

/**
 * Every member of the string union T, each once: a member added to T and not here fails the
 * typecheck, so the schema cannot fall behind the types it describes.
 */
function everyOf<T extends string>() {
  return <const A extends readonly T[]>(...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> })): A => values;
}

const RETENTIONS = everyOf<Retention>()('RETAIN_ON_CANCELLATION', 'DELETE_ON_CANCELLATION', 'NO_EXTERNALIZED_CHECKPOINTS');
const HIGH_AVAILABILITY = everyOf<HighAvailability>()('zookeeper', 'kubernetes', 'none');
const UPGRADE_MODES = everyOf<UpgradeMode>()('last-state', 'savepoint', 'stateless');
const POLICIES = everyOf<LatestStatePolicy>()('LATEST_STATE', 'LATEST_SAVEPOINT', 'NONE');
const SEEDED_DEFECTS = everyOf<SeededResumeDefect>()('second-newest', 'lexicographic', 'savepoint-blind', 'oldest-savepoint');
const SAVEPOINT_FORMATS = everyOf<SavepointFormat>()('CANONICAL', 'NATIVE');
const COMPONENTS = everyOf<ComponentName>()('jobmanager', 'taskmanager', 'storage', 'zookeeper');
const STRATEGIES = RESTORE_STRATEGIES as readonly RestoreStrategy[] as [RestoreStrategy, ...RestoreStrategy[]];

const positiveInt = () => z.int().min(1);

export const ProbeSchema = z
  .strictObject({
    keys: positiveInt().describe('How many keys the probe job keeps state for (default 4).'),
    ratePerSecond: z.number().positive().describe('Records per second (default 20).'),
    version: z.string().min(1).describe('The job version it reports in every record (default v1): a new one is an upgrade of the job.'),
    stateUid: z.string().min(1).describe('UID of the keyed operator (default probe-state): another UID drops its state.'),
  })
  .partial()
  .describe('The probe job: only what differs from the default.');

export const ResumeSchema = z
  .union([
    z.strictObject({ policy: z.enum(POLICIES).describe("Ververica Platform's restore strategy, as a reference model.") }),
    z.strictObject({ seededDefect: z.enum(SEEDED_DEFECTS).describe('A broken-on-purpose policy (the zoo): the harness must catch it.') }),
    z.strictObject({ command: z.string().min(1).describe('Your own command; it prints the s3:// snapshot to resume from, or none.') }),
  ])
  .describe('How the platform resumes an ended job (default: LATEST_STATE, or FRH_RESUME_COMMAND).');

const deploymentFields = {
  flinkVersion: z.string().regex(/^\d+\.\d+\.\d+$/).describe('The Flink version of the first deployment, e.g. 2.0.0 (default: the version of the run).'),
  taskManagers: positiveInt(),
  slotsPerTaskManager: positiveInt(),
  parallelism: positiveInt().describe('Job parallelism (default 2).'),
  checkpointIntervalMs: z.int().min(100).describe('Periodic checkpoint interval in ms (default 3000).'),
  retention: z.enum(RETENTIONS).describe('Externalized checkpoint retention (default RETAIN_ON_CANCELLATION).'),
  numRetained: positiveInt().describe('Retained checkpoints (default 10).'),
  highAvailability: z.enum(HIGH_AVAILABILITY).describe('HA services (default zookeeper on Docker, kubernetes on Kubernetes).'),
  restartAttempts: z.int().min(0).describe('Fixed-delay restart attempts before the job fails for good (default 1000).'),
  restartDelayMs: z.int().min(0),
  probe: ProbeSchema,
  allowNonRestoredState: z.boolean(),
  droppedOperators: z.array(z.string().min(1)).min(1).describe('Operators whose state is let go on purpose (with allowNonRestoredState), each by UID or 32-hex-digit operator id: their state missing after the restore is no STATE_LOSS.'),
  clusterId: z.string().regex(/^[a-z0-9-]+$/).describe('A cluster-id every generation keeps (HA data left under it is found again).'),
  resume: ResumeSchema,
  upgradeMode: z.enum(UPGRADE_MODES).describe("Operator platform: the FlinkDeployment's spec.job.upgradeMode (default last-state)."),
  flinkConfig: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).describe('Extra Flink configuration, applied last.'),
  flinkDeployment: z.string().min(1).describe("Operator platform, under deployment: only: your own FlinkDeployment YAML (a path relative to this file), deployed as written except what the run must set; every override is listed in the result."),
};

/** The example jobs the harness builds itself (harness/scenario/example-jobs.ts), by the name a file gives. */
export const EXAMPLE_JOBS = ['windowed-count'] as const;
export type ExampleJobName = (typeof EXAMPLE_JOBS)[number];

const jobFields = {
  jar: z.string().min(1).describe("The job's jar, relative to this file."),
  entryClass: z.string().regex(JAVA_CLASS_NAME, 'a Java class name, e.g. com.example.MyJob').describe('The class whose main() builds the job.'),
  args: z.array(z.union([z.string(), z.number(), z.boolean()])).describe("The job's program arguments."),
  config: z.string().min(1).describe("The job's own Flink config.yaml, relative to this file; the harness's checkpoint, storage and HA keys win over it (the report lists each override)."),
};

export const JobSchema = z
  .strictObject({
    example: z.enum(EXAMPLE_JOBS).describe('An example job the harness builds with Maven for the run\'s Flink version (examples/windowed-count-job); jar, entryClass, args and config then change it.'),
    ...jobFields,
  })
  .partial()
  .describe("Your own Flink job instead of the probe: jar and entryClass (or example:), with args and config.");

const JobChangeSchema = z.strictObject(jobFields).partial().describe("What the upgrade changes in the job (the rest stays as deployed).");

const commonDeployment = z.strictObject(deploymentFields).partial();

export const DeploymentSchema = commonDeployment
  .extend({
    job: JobSchema,
    image: z.string().min(1).describe("Your own Flink image for job: instead of the harness's plain one; it must hold the deployment's Flink version."),
  })
  .partial()
  .describe('What differs from the default deployment of the probe job.');

const UpgradeSchema = commonDeployment
  .extend({ job: JobChangeSchema })
  .partial()
  .describe("What the platform's resume changes (an upgrade: parallelism, probe version, Flink version, the job's jar or args).");

const none = z.union([z.null(), z.strictObject({})]);

/** Steps: what happens before the fault. */
const STEP_FIELDS = {
  checkpoints: z.int().min(1).max(100).describe('Wait until this many more periodic checkpoints completed.'),
  'checkpoint-reaches': positiveInt().describe('Wait until checkpoint N (or a newer one) completed, e.g. 10 to get past chk-9.'),
  'checkpoint-just-completed': z.int().min(50).max(60_000).describe('Wait until a checkpoint is seen at most this many ms after it completed, so the fault lands right behind it.'),
  savepoint: z
    .union([z.null(), z.strictObject({ format: z.enum(SAVEPOINT_FORMATS).describe("Savepoint format (default CANONICAL, Flink's default).") })])
    .describe('Trigger a savepoint over REST and wait until it completed.'),
  'savepoint-through-platform': none.describe("Operator platform: a savepoint through the spec (savepointTriggerNonce)."),
  'storage-outage': none.describe('Take S3 storage away until a checkpoint fails, then bring it back (Kubernetes).'),
  wait: z.number().positive().max(600).describe('Wait this many seconds.'),
};

const upgradeThroughPlatform = commonDeployment.extend({
  killControllerMidway: z.boolean().optional().describe("Kill the operator's pod while it carries out the upgrade."),
}).describe('Operator platform: change the running job\'s spec (an upgrade) and let the operator bring it back.');

/** Faults: what breaks the job; the platform must bring it back. */
const FAULT_FIELDS = {
  'kill-taskmanager': z.union([z.null(), z.strictObject({ taskmanager: z.int().min(0).optional().describe('Which TaskManager (default 0).') })]).describe('SIGKILL a TaskManager; the job fails over.'),
  'kill-jobmanager': none.describe('SIGKILL the JobManager; with HA it recovers the same job.'),
  'replace-jobmanager': none.describe("Delete the JobManager's pod (Docker: replace its container); a fresh one starts with an empty disk."),
  'delete-deployment': none.describe('Kill every process as kubectl delete would (nothing cancelled); a new deployment starts.'),
  'delete-ha-metadata': none.describe("Delete the running job's HA ConfigMaps (Kubernetes HA)."),
  cancel: none.describe('Cancel the job over REST; the platform resumes it its own way.'),
  'stop-with-savepoint': z.union([z.null(), z.strictObject({ drain: z.boolean().optional().describe('Drain the pipeline (emit MAX_WATERMARK) before stopping.') })]).describe('Stop the job with a savepoint; the platform resumes it.'),
  'fail-until-restarts-exhausted': none.describe('The job fails on every start until its restart strategy gives up.'),
  'delete-newest-checkpoint-metadata': none.describe("Delete the newest retained checkpoint's _metadata (a lifecycle rule)."),
  suspend: none.describe('Operator platform: spec.job.state suspended, then running again.'),
  'upgrade-through-platform': upgradeThroughPlatform,
  freeze: z.strictObject({ component: z.enum(COMPONENTS), seconds: z.number().positive().max(600) }).describe('Freeze a component (a long GC pause), then thaw it.'),
};

export type StepName = keyof typeof STEP_FIELDS;
export type FaultName = keyof typeof FAULT_FIELDS;
export const STEP_NAMES = Object.keys(STEP_FIELDS) as StepName[];
export const FAULT_NAMES = Object.keys(FAULT_FIELDS) as FaultName[];

/** Items that need no settings may be written as a bare name: `- cancel`. */
function bareNames<F extends Record<string, z.ZodType>>(fields: F): [string, ...string[]] {
  return Object.entries(fields).filter(([, schema]) => schema.safeParse(null).success).map(([name]) => name) as [string, ...string[]];
}

function oneOf<F extends Record<string, z.ZodType>>(fields: F, what: string, known: string) {
  const object = z
    .strictObject(fields, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown ${what} "${issue.keys.join('", "')}"; ${known}` : undefined) })
    .partial()
    .superRefine((value, context) => {
      const keys = Object.keys(value);
      if (keys.length !== 1) context.addIssue({ code: 'custom', message: `give exactly one ${what} per list item (${keys.length === 0 ? 'none' : keys.join(', ')}); ${known}` });
    })
    .meta({ minProperties: 1, maxProperties: 1 });
  return z.union([z.enum(bareNames(fields)), object]);
}

const KNOWN = `steps: ${STEP_NAMES.join(', ')}; faults: ${FAULT_NAMES.join(', ')}`;
export const StepItemSchema = oneOf({ ...STEP_FIELDS, ...FAULT_FIELDS }, 'step', KNOWN).describe(
  'A step before the fault, or a fault. When there is no `fault:`, the faults that end the list are the fault (several: in sequence).',
);
export const FaultItemSchema = oneOf(FAULT_FIELDS, 'fault', `faults: ${FAULT_NAMES.join(', ')}`);

export const ScenarioFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use a-z, 0-9 and - (it names containers and reports)').describe('Stable id, used in reports and container names.'),
    title: z.string().min(1).describe('The sentence the scenario proves.'),
    platforms: z.array(z.enum(PLATFORMS)).min(1).optional().describe(`Where it runs (default ${DEFAULT_SCENARIO_PLATFORMS.join(' and ')}).`),
    versions: z.enum(['all', 'first']).optional().describe('Every Flink version of the run (default) or only the first.'),
    deployment: DeploymentSchema.optional(),
    strategy: z.enum(STRATEGIES).describe('Which state the job must come back from (the user\'s intent).'),
    steps: z.array(StepItemSchema).optional().describe('What happens, in order, once the job runs with checkpoints.'),
    fault: z.union([FaultItemSchema, z.array(FaultItemSchema).min(1)]).optional().describe('The fault (a list: several in sequence). Optional when the steps end in faults.'),
    upgrade: UpgradeSchema.optional(),
    expect: z
      .strictObject({
        verdict: z.enum(VERDICTS).describe('The verdict the scenario intends (PASS, or the failure a seeded defect must produce).'),
        restored: z.enum(['checkpoint', 'savepoint', 'none']).optional().describe('What kind of snapshot the job restores.'),
      })
      .describe('What the scenario intends to end in.'),
  })
  .describe('A flink-restore-harness scenario: a deployment, what happens before the fault, the fault, and the expectation.');

export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
export type StepItem = z.infer<typeof StepItemSchema>;
export type DeploymentSettings = z.infer<typeof DeploymentSchema>;
export type CommonDeploymentSettings = z.infer<typeof commonDeployment>;
export type JobSettings = z.infer<typeof JobSchema>;

export const SCHEMA_ID = 'https://github.com/flink-restore-harness/schemas/scenario.schema.json';

/** The JSON Schema editors complete against (yaml-language-server: `# yaml-language-server: $schema=...`). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioFileSchema, { target: 'draft-7', io: 'input', reused: 'ref' }) as Record<string, unknown>;
  return { ...schema, $id: SCHEMA_ID, title: 'flink-restore-harness scenario' };
}
