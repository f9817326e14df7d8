// The contract between the harness and a pipeline's commands, the resume command's widened: what goes
// in (environment variables, files) and what comes back (`key=value` lines the command writes to the
// file named by $FRH_OUTPUT, as a CI step writes its outputs).
//
// In, for every command (run with `sh -c` in the pipeline file's folder):
//   FRH_PIPELINE_COMMAND (deploy, resume, kill-taskmanager …), FRH_RUN_ID, FRH_DEPLOYMENT,
//   FRH_NAMESPACE (created and owned by the harness; deleted after `delete`), FRH_KUBECONFIG and
//   KUBECONFIG, FRH_KUBE_CONTEXT (when one is chosen), FRH_GENERATION (the one being deployed),
//   FRH_CLUSTER_ID (kubernetes.cluster-id and high-availability.cluster-id), FRH_JOB_ID (a job id the
//   job may be given, or empty), FRH_FLINK_VERSION, FRH_FLINK_IMAGE, FRH_STORAGE_IMAGE (MinIO),
//   FRH_JOB_CLASS, FRH_JOB_ARGS (a JSON array, which is also a YAML flow list), FRH_PARALLELISM,
//   FRH_TASK_MANAGERS, FRH_FLINK_CONFIG (a config.yaml the job must run with: checkpointing,
//   retention, restart strategy, HA and the storage paths; the pipeline adds where its components are:
//   s3.endpoint, the S3 keys, the JobManager's address), FRH_CREDENTIALS (a file of
//   S3_ACCESS_KEY=… and S3_SECRET_KEY=… lines: the storage's keys), FRH_S3_BUCKET,
//   FRH_CHECKPOINTS_DIR, FRH_SAVEPOINTS_DIR, FRH_HA_DIR, FRH_OUTPUT.
// `resume` also gets the resume command's environment (harness/platforms/resume/command.ts):
//   FRH_JOB_IDS, FRH_INITIAL_RESTORE_PATH, FRH_S3_ENDPOINT (as the harness reaches the storage) and
//   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION. `kill-taskmanager` gets FRH_TASKMANAGER_INDEX,
//   `delete-ha-metadata` FRH_HA_SCOPE (all, or job: only the job's own ConfigMap).
//
// Out (`deploy` must give rest and storage; a later command's value replaces an earlier one):
//   rest=URL | pod:SELECTOR:PORT     Flink's REST API: a URL this host reaches, or a port-forward to the
//                                    newest running pod matching the label selector in the namespace
//   storage=URL | pod:SELECTOR:PORT  the S3 endpoint, the same way
//   jobmanager=SELECTOR              the JobManager pods whose logs are read (default: rest's selector)
//   job-id=HEX                       the job's id (default: the new job REST lists)
//   cluster-id=ID                    when the pipeline chose its own (default FRH_CLUSTER_ID)
//   restored-from=s3://…|none        what `resume` chose to restore (recorded as its choice)
//   stop-savepoint=s3://…|none       what `suspend` or `upgrade` stopped the job with (restores.stop: savepoint)
// `suspend` and `upgrade` get FRH_UPGRADE_MODE (last-state: keep the HA data and FRH_CLUSTER_ID, so the
// next JobManager recovers the job; savepoint: stop with a savepoint and start from it); `upgrade`
// starts the next generation itself. `resume` after a suspend gets FRH_STOPPED_BY=suspend (and
// FRH_STOP_SAVEPOINT).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOwnedFolder } from '../../support/owned-folders.ts';
import { COMMAND_FILES_PREFIX } from './cleanup.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import type { StoragePaths } from '../../storage/layout.ts';
import { flinkConfiguration, PROBE_MAIN_CLASS, probeJobArguments, toConfigYaml } from '../flink-config.ts';

/** Where a pipeline component is reached from this host. */
export type Endpoint = { url: string } | { podSelector: string; port: number };

export interface PipelineOutputs {
  rest?: Endpoint;
  storage?: Endpoint;
  jobManagerSelector?: string;
  jobId?: string;
  clusterId?: string;
  restoredFrom?: string;
  stopSavepoint?: string;
}

const OUTPUT_KEYS = ['rest', 'storage', 'jobmanager', 'job-id', 'cluster-id', 'restored-from', 'stop-savepoint'] as const;

/** A command failed, timed out, or wrote outputs the harness cannot use. */
export class PipelineCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineCommandError';
  }
}

/** `rest`/`storage` values: a URL, or `pod:SELECTOR:PORT`. */
export function parseEndpoint(value: string, key: string): Endpoint {
  if (/^https?:\/\/[^\s/]+/.test(value)) return { url: value.replace(/\/+$/, '') };
  const pod = /^pod:([^:\s]+):(\d{1,5})$/.exec(value);
  if (pod && Number(pod[2]) >= 1 && Number(pod[2]) <= 65535) return { podSelector: pod[1]!, port: Number(pod[2]) };
  throw new PipelineCommandError(`${key}=${value}: give a URL (http://host:port) or pod:SELECTOR:PORT (a label selector in the namespace, e.g. pod:app=flink,component=jobmanager:8081)`);
}

/** The `key=value` lines a command wrote; blank lines and `#` comments are skipped, an unknown key or a malformed value is an error. */
export function parseOutputs(text: string, command: string): PipelineOutputs {
  const outputs: PipelineOutputs = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const key = equals > 0 ? line.slice(0, equals).trim() : '';
    const value = line.slice(equals + 1).trim();
    const problem = (what: string): PipelineCommandError => new PipelineCommandError(`the ${command} command wrote "${line}" to $FRH_OUTPUT: ${what}`);
    if (!(OUTPUT_KEYS as readonly string[]).includes(key)) throw problem(`expected key=value with a key of ${OUTPUT_KEYS.join(', ')}`);
    if (value === '') throw problem('the value is empty');
    const endpoint = (): Endpoint => {
      try {
        return parseEndpoint(value, key);
      } catch (error) {
        throw problem((error as Error).message.replace(`${key}=${value}: `, ''));
      }
    };
    switch (key as (typeof OUTPUT_KEYS)[number]) {
      case 'rest': outputs.rest = endpoint(); break;
      case 'storage': outputs.storage = endpoint(); break;
      case 'jobmanager': outputs.jobManagerSelector = value; break;
      case 'job-id':
        if (!/^[0-9a-f]{32}$/.test(value)) throw problem('a Flink job id is 32 hex digits');
        outputs.jobId = value;
        break;
      case 'cluster-id': outputs.clusterId = value; break;
      case 'restored-from':
        if (value !== 'none' && !/^s3a?:\/\/[^/]+\/.+/.test(value)) throw problem('give the s3:// path of the snapshot restored, or none');
        outputs.restoredFrom = value.replace(/\/_metadata$/, '').replace(/\/+$/, '');
        break;
      case 'stop-savepoint':
        if (value !== 'none' && !/^s3a?:\/\/[^/]+\/.+/.test(value)) throw problem('give the s3:// path of the savepoint the stop wrote, or none');
        outputs.stopSavepoint = value.replace(/\/_metadata$/, '').replace(/\/+$/, '');
        break;
    }
  }
  return outputs;
}

/**
 * The outputs so far with a later command's on top. Where things are (endpoints, selectors, the
 * cluster-id) lasts until a command says otherwise; what one command did (the job it started, what it
 * restored or stopped with) is that command's alone.
 */
export function mergeOutputs(before: PipelineOutputs, after: PipelineOutputs): PipelineOutputs {
  const { jobId: _job, restoredFrom: _restored, stopSavepoint: _stopped, ...lasting } = before;
  return { ...lasting, ...after };
}

/** What the harness tells every command about the deployment (see the contract above). */
export interface CommandFacts {
  command: string;
  runId: string;
  namespace: string;
  kubeconfig: string;
  context?: string;
  spec: DeploymentSpec;
  paths: StoragePaths;
  generation: number;
  clusterId: string;
  jobId?: string;
  flinkImage: string;
  storageImage: string;
  /** Files the harness wrote for the command: its Flink configuration and the storage's keys. */
  flinkConfigFile: string;
  credentialsFile: string;
  outputFile: string;
}

/** The environment of one command: the harness's own, then the deployment's facts. */
export function commandEnvironment(facts: CommandFacts, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const job = facts.spec.userJob;
  return {
    ...base,
    FRH_PIPELINE_COMMAND: facts.command,
    FRH_RUN_ID: facts.runId,
    FRH_DEPLOYMENT: facts.spec.name,
    FRH_NAMESPACE: facts.namespace,
    FRH_KUBECONFIG: facts.kubeconfig,
    KUBECONFIG: facts.kubeconfig,
    ...(facts.context ? { FRH_KUBE_CONTEXT: facts.context } : {}),
    FRH_GENERATION: String(facts.generation),
    FRH_CLUSTER_ID: facts.clusterId,
    FRH_JOB_ID: facts.jobId ?? '',
    FRH_FLINK_VERSION: facts.spec.flinkVersion,
    FRH_FLINK_IMAGE: facts.flinkImage,
    FRH_STORAGE_IMAGE: facts.storageImage,
    FRH_JOB_CLASS: job?.entryClass ?? PROBE_MAIN_CLASS,
    FRH_JOB_ARGS: JSON.stringify(job ? job.arguments : probeJobArguments(facts.spec, facts.paths)),
    ...(job ? { FRH_JOB_JAR: job.jar } : {}),
    FRH_PARALLELISM: String(facts.spec.parallelism),
    FRH_TASK_MANAGERS: String(facts.spec.taskManagers),
    FRH_FLINK_CONFIG: facts.flinkConfigFile,
    FRH_CREDENTIALS: facts.credentialsFile,
    FRH_S3_BUCKET: facts.paths.bucket,
    FRH_CHECKPOINTS_DIR: facts.paths.checkpoints,
    FRH_SAVEPOINTS_DIR: facts.paths.savepoints,
    FRH_HA_DIR: facts.paths.ha,
    FRH_OUTPUT: facts.outputFile,
  };
}

/**
 * Keys of the harness's configuration that say where the pipeline's components are: the pipeline
 * decides those (its Service names, its storage's address and keys), so they are left to it.
 */
export const PIPELINE_SETS = ['jobmanager.rpc.address', 'rest.address', 's3.endpoint', 's3.access-key', 's3.secret-key'] as const;

/** The config.yaml a generation must run with, without what the pipeline decides (PIPELINE_SETS). */
export function requiredFlinkConfig(spec: DeploymentSpec, paths: StoragePaths, clusterId: string, namespace: string): Record<string, string> {
  const config = flinkConfiguration(spec, paths, { clusterId, jobManagerHost: '', s3Endpoint: '', s3AccessKey: '', s3SecretKey: '', kubernetesNamespace: namespace });
  for (const key of PIPELINE_SETS) delete config[key];
  return config;
}

/**
 * A private folder for one deployment's command files (the credentials stay readable by this user
 * only): `<tmp>/frh-pipeline-<run>-<random>`, marked with its owner so that, besides `remove()`, the
 * owner's reaper and the sweeps remove it when the owner was killed (owned-folders.ts).
 */
export class CommandFiles {
  readonly folder: string;
  readonly credentialsFile: string;

  constructor(credentials: { accessKey: string; secretKey: string }, runId: string, root?: string) {
    this.folder = createOwnedFolder(COMMAND_FILES_PREFIX, runId, root);
    this.credentialsFile = join(this.folder, 'credentials.env');
    writeFileSync(this.credentialsFile, `S3_ACCESS_KEY=${credentials.accessKey}\nS3_SECRET_KEY=${credentials.secretKey}\n`, { mode: 0o600 });
  }

  /** The Flink configuration of generation `number`, as a file. */
  flinkConfig(number: number, config: Record<string, string>): string {
    const file = join(this.folder, `config-g${number}.yaml`);
    writeFileSync(file, toConfigYaml(config), { mode: 0o600 });
    return file;
  }

  /** An empty outputs file for the next command. */
  freshOutput(step: number): string {
    const file = join(this.folder, `output-${step}.env`);
    writeFileSync(file, '', { mode: 0o600 });
    return file;
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** What a finished command left: its outputs and its log (stdout and stderr, interleaved as they came). */
export interface CommandRun {
  outputs: PipelineOutputs;
  log: string;
  durationMs: number;
}

/**
 * Runs one command with `sh -c` in `cwd`; resolves with the outputs it wrote to $FRH_OUTPUT. A
 * command that fails, outruns `timeoutMs` (then SIGKILLed with its process group) or writes an unusable
 * output rejects with a PipelineCommandError quoting its last line of output.
 */
export function runPipelineCommand(options: { name: string; command: string; cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandRun> {
  const { name, command, cwd, env, timeoutMs } = options;
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also stops what the command started (kubectl, helm, sleeps).
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PipelineCommandError(`the pipeline's ${name} command "${command}" could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const durationMs = Date.now() - startedAt;
      const last = log.trim().split('\n').filter(Boolean).pop();
      if (timedOut) return reject(new PipelineCommandError(`the pipeline's ${name} command "${command}" ran longer than ${timeoutMs / 1000} s and was killed${last ? `; its last line: ${last}` : ''}`));
      if (code !== 0) return reject(new PipelineCommandError(`the pipeline's ${name} command "${command}" failed (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ''}`));
      try {
        resolve({ outputs: parseOutputs(readFileSync(env.FRH_OUTPUT!, 'utf8'), name), log, durationMs });
      } catch (error) {
        reject(error instanceof PipelineCommandError ? error : new PipelineCommandError(`the pipeline's ${name} command: $FRH_OUTPUT unreadable: ${(error as Error).message}`));
      }
    });
  });
}
