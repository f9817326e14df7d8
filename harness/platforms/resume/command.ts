// The team's own resume command as the platform's decider: the harness runs it when a job has ended
// and deploys what it chose, so a deploy pipeline's choice of snapshot is judged like any platform's.
//
// Contract (also in the README): the command runs with `sh -c` in the current directory with
//   FRH_DEPLOYMENT, FRH_CLUSTER_ID, FRH_GENERATION (the generation about to start), FRH_NAMESPACE
//   (Kubernetes only), FRH_JOB_IDS (the deployment's job ids, oldest first, comma-separated),
//   FRH_INITIAL_RESTORE_PATH (where the first generation started from, if anywhere),
//   FRH_S3_ENDPOINT, FRH_S3_BUCKET, FRH_CHECKPOINTS_DIR, FRH_SAVEPOINTS_DIR (s3:// URIs),
//   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (so the aws CLI or an SDK works as is),
// and prints the s3:// path of the snapshot to restore (or `none`) as the last line of its output.
import { spawn } from 'node:child_process';
import type { RestorePoint } from '../../oracle/snapshot.ts';
import { trimSlash } from '../../oracle/snapshot.ts';
import type { ResumeContext, ResumeDecider } from './resume.ts';

const COMMAND_TIMEOUT_MS = 300_000;

/** The command failed, timed out or printed something that is not a restore path. */
export class ResumeCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResumeCommandError';
  }
}

export function resumeCommand(command: string): ResumeDecider {
  return {
    describe: `the resume command "${command}"`,
    async choose(context) {
      const output = await run(command, commandEnvironment(context));
      const answer = output.trim().split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? '';
      if (answer === 'none') return { kind: 'none' };
      if (!/^s3a?:\/\/[^/]+\/.+/.test(answer)) throw new ResumeCommandError(`the resume command "${command}" printed "${answer}" last; expected an s3:// snapshot path or none`);
      return restorePointAt(context, answer.replace(/\/_metadata$/, ''));
    },
  };
}

/** The environment the command sees (the harness's own environment, plus the deployment's facts). */
export function commandEnvironment(context: ResumeContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    FRH_DEPLOYMENT: context.deployment,
    FRH_CLUSTER_ID: context.clusterId,
    FRH_GENERATION: String(context.nextGeneration),
    ...(context.namespace ? { FRH_NAMESPACE: context.namespace } : {}),
    FRH_JOB_IDS: context.lineageJobIds.join(','),
    ...(context.initialRestore && context.initialRestore.kind !== 'none' ? { FRH_INITIAL_RESTORE_PATH: context.initialRestore.path } : {}),
    FRH_S3_ENDPOINT: context.s3.endpoint,
    FRH_S3_BUCKET: context.paths.bucket,
    FRH_CHECKPOINTS_DIR: context.paths.checkpoints,
    FRH_SAVEPOINTS_DIR: context.paths.savepoints,
    AWS_ACCESS_KEY_ID: context.s3.accessKey,
    AWS_SECRET_ACCESS_KEY: context.s3.secretKey,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  };
}

/** The path the command chose, with the id its `_metadata` header names (-1 when unreadable: Flink will say why). */
export async function restorePointAt(context: Pick<ResumeContext, 'storage'>, path: string): Promise<RestorePoint> {
  const metadata = await context.storage.metadataAt(path).catch(() => undefined);
  const kind = /\/chk-\d+$/.test(trimSlash(path)) ? 'checkpoint' : 'savepoint';
  return { kind, id: metadata?.checkpointId ?? -1, path: trimSlash(path) };
}

function run(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new ResumeCommandError(`the resume command "${command}" could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const last = stderr.trim().split('\n').filter(Boolean).pop() ?? (signal ? `killed by ${signal} after ${COMMAND_TIMEOUT_MS / 1000} s` : `exit code ${code}`);
      reject(new ResumeCommandError(`the resume command "${command}" failed: ${last}`));
    });
  });
}
