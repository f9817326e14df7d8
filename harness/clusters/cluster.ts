// Where a Kubernetes cluster comes from: kind, minikube, any existing kubeconfig, or the cluster
// built from source on this machine. One interface, so the Kubernetes platform never cares which.
import { spawn } from 'node:child_process';
import { BadInputError } from '../support/errors.ts';

export interface Cluster {
  readonly provider: string;
  /** Path of a kubeconfig whose current context is this cluster. */
  readonly kubeconfig: string;
  /** The context to use in it (undefined: its current context). */
  readonly context?: string;
}

export interface ClusterProvider {
  readonly name: string;
  /** Creates the cluster, or attaches to it when it already runs. */
  up(): Promise<Cluster>;
  /** Makes locally built images available to the cluster's nodes. */
  loadImages(images: string[]): Promise<void>;
  /** Removes what `up` created (an attached existing cluster is left alone). */
  down(): Promise<void>;
}

/** One external command; providers get it injected so their commands are testable without the CLIs. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type CommandRunner = (command: string, args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }) => Promise<CommandResult>;

/** Runs a command, capturing its output; a missing binary becomes a BadInputError naming it. */
export const runCommand: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (process.env.FRH_QUIET !== '1') process.stderr.write(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new BadInputError(`${command} is not installed (or not on PATH)`) : error));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A command may exit without reading its input (EPIPE): its exit code and stderr tell what happened.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });

/** Runs a command that must succeed; a failure is one line naming the command and its last error line. */
export async function mustRun(run: CommandRunner, command: string, args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${result.code}`;
    throw new ClusterCommandError(`${command} ${args.join(' ')} failed: ${last}`);
  }
  return result.stdout;
}

export class ClusterCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterCommandError';
  }
}
