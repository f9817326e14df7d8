// Scenarios as data: a YAML file becomes exactly the ScenarioDefinition the TypeScript API builds.
// parseScenarioYaml validates the file against ScenarioFileSchema (yaml-schema.ts) and names the
// file, line, column and field of the first problem; toScenarioDefinition is the one translation
// from the file's words to Step and Fault factories.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { defaultSpec, type DeploymentSpec, type UserJob } from '../platforms/deployment-spec.ts';
import { readUserFlinkConfig } from '../platforms/flink-config.ts';
import { fileSize } from '../platforms/user-job.ts';
import {
  cancelJob, deleteDeployment, deleteHaMetadata, deleteNewestCheckpointMetadata, failJobUntilRestartsExhausted, freeze, inSequence,
  killJobManager, killTaskManager, replaceJobManager, stopWithSavepoint, storageOutageUntilCheckpointFails, suspendJob, upgradeJob, type Fault,
} from '../faults/index.ts';
import { BadInputError } from '../support/errors.ts';
import { PLATFORM_OPTIONS } from '../platforms/registry.ts';
import { DEFAULT_PLATFORMS, type ScenarioDefinition } from './definition.ts';
import type { PlatformName } from './environment.ts';
import { checkpointCompletes, checkpointJustCompleted, checkpointReaches, savepointThroughPlatform, takeSavepoint, type Step } from './steps.ts';
import { takeSavepointInFormat, waitSeconds } from './yaml-steps.ts';
import { windowedCountJob } from './example-jobs.ts';
import {
  FAULT_NAMES, ScenarioFileSchema, type CommonDeploymentSettings, type ExampleJobName, type FaultName, type JobSettings, type ScenarioFile, type StepItem, type StepName,
} from './yaml-schema.ts';

export type FieldPath = ReadonlyArray<string | number>;

/** A problem with what a valid-looking file says (e.g. a fault in the middle of the steps), at `path`. */
export class ScenarioFileProblem extends Error {
  readonly path: FieldPath;
  constructor(path: FieldPath, message: string) {
    super(message);
    this.name = 'ScenarioFileProblem';
    this.path = path;
  }
}

/** `file:line:column: field: problem`, exit 2 like every bad input. */
export class ScenarioFileError extends BadInputError {
  constructor(file: string, line: number, column: number, field: string, problem: string) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ScenarioFileError';
  }
}

// ---------------------------------------------------------------------------------------------
// Translation

type Item = { name: StepName | FaultName; settings: unknown };

function itemOf(item: StepItem): Item {
  if (typeof item === 'string') return { name: item as StepName | FaultName, settings: null };
  const [name, settings] = Object.entries(item)[0]!;
  return { name: name as StepName | FaultName, settings };
}

const isFault = (item: Item): boolean => (FAULT_NAMES as string[]).includes(item.name);

/** Partial<DeploymentSpec> as a scenario written in TypeScript gives it: only the fields set, a probe always whole. */
function deploymentOf(settings: CommonDeploymentSettings & { job?: unknown; image?: unknown }, probeBase: DeploymentSpec['probe'] = defaultSpec().probe): Partial<DeploymentSpec> {
  // The job and its image become the definition's userJob (userJobOf), not spec fields.
  const { probe, flinkConfig, job: _job, image: _image, ...rest } = settings;
  const spec: Partial<DeploymentSpec> = { ...rest };
  if (probe) spec.probe = { ...probeBase, ...probe };
  if (flinkConfig) spec.flinkConfig = Object.fromEntries(Object.entries(flinkConfig).map(([key, value]) => [key, String(value)]));
  return spec;
}

function stepsOf({ name, settings }: Item): Step[] {
  const s = settings as Record<string, never> | null;
  switch (name as StepName) {
    case 'checkpoints':
      return Array.from({ length: settings as number }, () => checkpointCompletes());
    case 'checkpoint-reaches':
      return [checkpointReaches(settings as number)];
    case 'checkpoint-just-completed':
      return [checkpointJustCompleted(settings as number)];
    case 'savepoint': {
      const format = (s as { format?: 'CANONICAL' | 'NATIVE' } | null)?.format;
      // CANONICAL is Flink's default: the same step as takeSavepoint(), which sends no format.
      return [format === 'NATIVE' ? takeSavepointInFormat('NATIVE') : takeSavepoint()];
    }
    case 'savepoint-through-platform':
      return [savepointThroughPlatform()];
    case 'storage-outage':
      return [storageOutageUntilCheckpointFails()];
    case 'wait':
      return [waitSeconds(settings as number)];
  }
  throw new Error(`no step for ${name}`);
}

function faultOf({ name, settings }: Item, probeBase: DeploymentSpec['probe']): Fault {
  switch (name as FaultName) {
    case 'kill-taskmanager': {
      const index = (settings as { taskmanager?: number } | null)?.taskmanager;
      return index === undefined ? killTaskManager() : killTaskManager(index);
    }
    case 'kill-jobmanager':
      return killJobManager();
    case 'replace-jobmanager':
      return replaceJobManager();
    case 'delete-deployment':
      return deleteDeployment();
    case 'delete-ha-metadata':
      return deleteHaMetadata();
    case 'cancel':
      return cancelJob();
    case 'stop-with-savepoint': {
      const drain = (settings as { drain?: boolean } | null)?.drain;
      return drain === undefined ? stopWithSavepoint() : stopWithSavepoint({ drain });
    }
    case 'fail-until-restarts-exhausted':
      return failJobUntilRestartsExhausted();
    case 'delete-newest-checkpoint-metadata':
      return deleteNewestCheckpointMetadata();
    case 'suspend':
      return suspendJob();
    case 'upgrade-through-platform': {
      const { killControllerMidway, ...changes } = settings as CommonDeploymentSettings & { killControllerMidway?: boolean };
      return killControllerMidway === undefined ? upgradeJob(deploymentOf(changes, probeBase)) : upgradeJob(deploymentOf(changes, probeBase), { killControllerMidway });
    }
    case 'freeze': {
      const { component, seconds } = settings as { component: 'jobmanager' | 'taskmanager' | 'storage' | 'zookeeper'; seconds: number };
      return freeze(component, seconds * 1000);
    }
  }
  throw new Error(`no fault for ${name}`);
}

/** Where a file names a FlinkDeployment outside `deployment:` (an upgrade changes its spec, not the file). */
function misplacedFlinkDeployment(file: ScenarioFile): FieldPath | undefined {
  if (file.upgrade?.flinkDeployment !== undefined) return ['upgrade', 'flinkDeployment'];
  const lists: Array<[string, StepItem[]]> = [['steps', file.steps ?? []], ['fault', file.fault === undefined ? [] : Array.isArray(file.fault) ? file.fault : [file.fault]]];
  for (const [list, items] of lists) {
    const index = items.findIndex((item) => typeof item === 'object' && (item as Record<string, { flinkDeployment?: string } | null>)['upgrade-through-platform']?.flinkDeployment !== undefined);
    if (index >= 0) return [list, ...(Array.isArray(file.fault) || list === 'steps' ? [index] : []), 'upgrade-through-platform', 'flinkDeployment'];
  }
  return undefined;
}

const EXAMPLE_JOB_BUILDERS: Record<ExampleJobName, (flinkVersion: string) => Promise<UserJob>> = {
  'windowed-count': (flinkVersion) => windowedCountJob(flinkVersion),
};

/**
 * The fields of a user job a file (or the command line) gives, paths resolved against `baseDir`
 * and checked now: a jar that is not a file or a config.yaml that is not a readable map is a
 * problem of the field that names it, before anything is built or deployed.
 */
export function userJobFields(job: Omit<JobSettings, 'example'>, baseDir: string, at: FieldPath): Partial<UserJob> {
  const fields: Partial<UserJob> = {};
  if (job.jar !== undefined) {
    const jar = resolve(baseDir, job.jar);
    if (fileSize(jar) === undefined) throw new ScenarioFileProblem([...at, 'jar'], `${jar} is not a file`);
    if (!jar.endsWith('.jar')) throw new ScenarioFileProblem([...at, 'jar'], `${jar} does not end in .jar`);
    fields.jar = jar;
  }
  if (job.entryClass !== undefined) fields.entryClass = job.entryClass;
  if (job.args !== undefined) fields.arguments = job.args.map(String);
  if (job.config !== undefined) {
    try {
      fields.flinkConfig = readUserFlinkConfig(resolve(baseDir, job.config));
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      throw new ScenarioFileProblem([...at, 'config'], error.message);
    }
  }
  return fields;
}

/** The definition's userJob: `deployment.job` (and `image`), changed on a redeploy by `upgrade.job`. */
function userJobOf(file: ScenarioFile, baseDir: string): ScenarioDefinition['userJob'] {
  const { job, image } = file.deployment ?? {};
  const change = file.upgrade?.job;
  if (!job) {
    if (image !== undefined) throw new ScenarioFileProblem(['deployment', 'image'], "an image replaces the plain Flink image of your job: give deployment.job too (the probe runs on the harness's own image)");
    if (change) throw new ScenarioFileProblem(['upgrade', 'job'], 'the upgrade changes a job the deployment does not have: give deployment.job');
    return undefined;
  }
  const { example, ...given } = job;
  if (example !== undefined && given.jar !== undefined) throw new ScenarioFileProblem(['deployment', 'job', 'jar'], `example: ${example} builds its own jar; give jar or example, not both`);
  if (example === undefined && (given.jar === undefined || given.entryClass === undefined)) {
    throw new ScenarioFileProblem(['deployment', 'job'], `${given.jar === undefined ? 'jar' : 'entryClass'} is required: give jar and entryClass (or example: windowed-count)`);
  }
  const fields: Partial<UserJob> = { ...userJobFields(given, baseDir, ['deployment', 'job']), ...(image !== undefined ? { image } : {}) };
  const changes = change ? userJobFields(change, baseDir, ['upgrade', 'job']) : undefined;
  return {
    prepare: async (flinkVersion) => ({ arguments: [], ...(example ? await EXAMPLE_JOB_BUILDERS[example](flinkVersion) : {}), ...fields }) as UserJob,
    ...(changes ? { upgrade: (deployed: UserJob) => ({ ...deployed, ...changes }) } : {}),
  };
}

/**
 * The ScenarioDefinition a validated scenario file stands for, built with the same factories the
 * TypeScript scenarios call. Throws a ScenarioFileProblem naming the field when the file's parts do
 * not fit together (no fault, a fault before a step, faults both in `steps` and in `fault`).
 */
export function toScenarioDefinition(file: ScenarioFile, baseDir = process.cwd()): ScenarioDefinition {
  const steps = (file.steps ?? []).map(itemOf);
  // The faults that end the steps are the fault, unless `fault:` names it.
  let firstFault = steps.length;
  while (firstFault > 0 && isFault(steps[firstFault - 1]!)) firstFault--;
  const misplaced = steps.findIndex((item, index) => index < firstFault && isFault(item));
  if (misplaced >= 0) {
    throw new ScenarioFileProblem(['steps', misplaced], `the fault ${steps[misplaced]!.name} comes before the step ${steps[firstFault - 1]!.name}: faults end the steps (or go under fault:)`);
  }
  if (file.fault !== undefined && firstFault < steps.length) {
    throw new ScenarioFileProblem(['steps', firstFault], `the steps end in the fault ${steps[firstFault]!.name} and fault: names another; give the fault in one place`);
  }
  for (const { platform, option } of PLATFORM_OPTIONS) {
    const field = option.scenarioField;
    if (field && (file.deployment as Record<string, unknown> | undefined)?.[field.field] !== undefined && !(file.platforms ?? DEFAULT_PLATFORMS).includes(platform.name)) {
      throw new ScenarioFileProblem(['deployment', field.field], field.refusal);
    }
  }
  const elsewhere = misplacedFlinkDeployment(file);
  if (elsewhere) throw new ScenarioFileProblem(elsewhere, 'a FlinkDeployment file is given once, under deployment: (a redeploy changes its spec through the other fields)');
  const faultItems = file.fault === undefined ? steps.slice(firstFault) : (Array.isArray(file.fault) ? file.fault : [file.fault]).map(itemOf);
  if (faultItems.length === 0) throw new ScenarioFileProblem(file.steps ? ['steps'] : [], 'no fault: end the steps with one (e.g. - cancel) or give fault:');
  const probeBase = { ...defaultSpec().probe, ...file.deployment?.probe };
  const faults = faultItems.map((item) => faultOf(item, probeBase));
  const before = steps.slice(0, firstFault).flatMap(stepsOf);
  const userJob = userJobOf(file, baseDir);
  return {
    id: file.id,
    title: file.title,
    ...(file.platforms ? { platforms: file.platforms } : {}),
    ...(file.versions ? { versions: file.versions } : {}),
    ...(file.deployment ? { deployment: deploymentOf(file.deployment) } : {}),
    strategy: file.strategy,
    ...(before.length > 0 ? { before } : {}),
    fault: faults.length === 1 ? faults[0]! : inSequence(faults[0]!, ...faults.slice(1)),
    ...(file.upgrade ? { redeployWith: deploymentOf(file.upgrade, probeBase) } : {}),
    ...(userJob ? { userJob } : {}),
    expect: { verdict: file.expect.verdict, ...(file.expect.restored ? { restored: file.expect.restored } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing, with problems located in the file

/** `steps[2].savepoint.format` */
export function describePath(path: FieldPath): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

type YamlNode = ReturnType<Document['createNode']>;

/** The node at `path`, or the deepest one on the way (a missing field is reported where it belongs). */
function nodeAt(document: Document, path: FieldPath, key?: string): { range?: [number, number, number] | null } {
  let node: unknown = document.contents;
  for (const part of key === undefined ? path : [...path, key]) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      // An unknown key is pointed at by its name; a known one by its value.
      node = part === key || pair.value === null || (isScalar(pair.value) && pair.value.value === null && pair.value.range?.[0] === pair.value.range?.[1]) ? pair.key : pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
      node = node.items[part];
    } else break;
  }
  return (node as YamlNode | null) ?? {};
}

function valueAt(data: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[part] : undefined), data);
}

interface Located { path: FieldPath; key?: string; message: string }

/** One issue in the user's words: a union picks the branch the value was meant for. */
function explain(issue: z.core.$ZodIssue, data: unknown, base: FieldPath = []): Located {
  const path = [...base, ...(issue.path as Array<string | number>)];
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_union': {
      const branches = issue.errors.filter((errors) => !errors.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      // The branch the value was meant for: the fewest fields unknown to it or missing from the value.
      // A name was wanted where the value is a map: that branch fits least.
      const misfit = (e: z.core.$ZodIssue): number => {
        if (e.code === 'invalid_value' && e.path.length === 0 && typeof value === 'object' && value !== null) return 2;
        return e.code === 'unrecognized_keys' || valueAt(data, [...path, ...(e.path as Array<string | number>)]) === undefined ? 1 : 0;
      };
      const misfits = (errors: z.core.$ZodIssue[]): number => errors.reduce((sum, e) => sum + misfit(e), 0);
      const chosen = (branches.length > 0 ? branches : issue.errors).reduce((best, errors) => (errors.length > 0 && (best.length === 0 || misfits(errors) < misfits(best)) ? errors : best), [] as z.core.$ZodIssue[]);
      if (chosen[0] && (branches.length > 0 || typeof value === 'object')) return explain(chosen[0], data, path);
      return { path, message: `${typeof value === 'string' ? `"${value}" is` : 'is'} not one of the forms allowed here` };
    }
    case 'invalid_type':
      return { path, message: value === undefined ? 'is required' : `expected ${issue.expected}, got ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : `${typeof value} ${JSON.stringify(value)}`}` };
    case 'invalid_value':
      return { path, message: `${value === undefined ? 'is required: one' : `${JSON.stringify(value)} is not one`} of ${issue.values.map(String).join(', ')}` };
    case 'unrecognized_keys': {
      const known = /; (.*)$/.exec(issue.message)?.[1];
      return { path, key: issue.keys[0], message: known ? issue.message : `unknown field "${issue.keys[0]}"${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : ''}` };
    }
    default:
      return { path, message: issue.message };
  }
}

/** Parses and validates one scenario file; the first problem becomes a ScenarioFileError. */
export function parseScenarioYaml(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ScenarioDefinition {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number | undefined, field: string, problem: string): never => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    throw new ScenarioFileError(file, line, col, field, problem);
  };
  const syntax = document.errors[0];
  if (syntax) fail(syntax.pos[0], '', `not valid YAML: ${syntax.message.split('\n')[0]}`);
  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(document.contents?.range?.[0], '', 'a scenario file is a map with id, title, strategy, steps or fault, and expect');
  const parsed = ScenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    const { path, key, message } = explain(parsed.error.issues[0]!, data);
    fail(nodeAt(document, path, key).range?.[0], describePath(key === undefined ? path : [...path, key]), message);
  }
  let definition: ScenarioDefinition;
  try {
    definition = toScenarioDefinition(parsed.data!, dirname(resolve(file)));
  } catch (error) {
    if (!(error instanceof ScenarioFileProblem)) throw error;
    return fail(nodeAt(document, error.path).range?.[0], describePath(error.path), error.message);
  }
  for (const { option } of PLATFORM_OPTIONS) {
    const field = option.scenarioField;
    const given = field ? definition.deployment?.[field.field] : undefined;
    if (!field || typeof given !== 'string') continue;
    // Relative to the scenario file, as a team keeps the two side by side; checked now, not at deploy.
    const path = resolve(dirname(file), given);
    try {
      field.checkFile(path, definition.deployment ?? {}, env);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      const where = ['deployment', field.field];
      fail(nodeAt(document, where).range?.[0], describePath(where), error.message);
    }
    definition.deployment = { ...definition.deployment, [field.field]: path };
  }
  return definition;
}

/** Reads and validates a scenario file (a missing or unreadable file is bad input too). */
export function loadScenarioFile(file: string): ScenarioDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInputError(`${file}: cannot read the scenario file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseScenarioYaml(text, file);
}

/** Loads several files; two scenarios with one id would share containers and reports. */
export function loadScenarioFiles(files: readonly string[]): Array<{ file: string; definition: ScenarioDefinition }> {
  const loaded = files.map((file) => ({ file, definition: loadScenarioFile(file) }));
  const seen = new Map<string, string>();
  for (const { file, definition } of loaded) {
    const earlier = seen.get(definition.id);
    if (earlier) throw new BadInputError(`${file}: scenario id "${definition.id}" is also the id of ${earlier}; ids must differ`);
    seen.set(definition.id, file);
  }
  return loaded;
}

/** How `frh run` hands the files to vitest's `yaml` project: FRH_SCENARIO_FILES, a JSON array of paths. */
export const SCENARIO_FILES_VARIABLE = 'FRH_SCENARIO_FILES';

/** The YAML file given to `frh run` (FRH_SCENARIO_FILES) that defines an id. */
export function yamlScenarioFileOf(id: string, env: NodeJS.ProcessEnv): string | undefined {
  let files: unknown;
  try {
    files = JSON.parse(env[SCENARIO_FILES_VARIABLE] ?? '[]');
  } catch {
    return undefined;
  }
  if (!Array.isArray(files)) return undefined;
  return files.find((file): file is string => {
    try {
      return typeof file === 'string' && loadScenarioFile(file).id === id;
    } catch {
      return false;
    }
  });
}

export function scenarioFilesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env[SCENARIO_FILES_VARIABLE];
  if (!given) return [];
  const files: unknown = JSON.parse(given);
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) throw new BadInputError(`${SCENARIO_FILES_VARIABLE} must be a JSON array of file paths`);
  return files;
}

/** Where a scenario runs unless it names its platforms. */
export const DEFAULT_PLATFORMS_OF_FILES = DEFAULT_PLATFORMS;

/** `frh run FILE...`: at least one file, each valid, ids distinct, and each runs on `platform`. */
export function checkScenarioFilesToRun(files: readonly string[], platform: PlatformName): void {
  if (files.length === 0) throw new BadInputError('run needs at least one scenario file: frh run FILE.yaml...');
  for (const { file, definition } of loadScenarioFiles(files)) {
    const platforms = definition.platforms ?? DEFAULT_PLATFORMS_OF_FILES;
    if (!platforms.includes(platform)) throw new BadInputError(`${file}: scenario ${definition.id} runs on ${platforms.join(', ')}, not on ${platform}; add --platform ${platforms[0]}`);
  }
}

/** `frh list [FILE...] [--format human|json]`: every given file valid. */
export function checkScenarioFilesToList(files: readonly string[], format: string | true | undefined): void {
  if (format !== undefined && format !== 'human' && format !== 'json') throw new BadInputError(`--format ${String(format)}: not one of human, json`);
  loadScenarioFiles(files);
}
