// ./run checks the command before it installs Docker or builds images, and provides only what the
// command needs. The real bootstrap is replaced by one that records each step, and the final command
// by a record of it, so nothing is installed, built or started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApiServer, writeKubeconfig } from '../../unit/cli/fake-cluster.ts';

const repository = resolve(import.meta.dirname, '../../..');
const checkout = mkdtempSync(join(tmpdir(), 'frh-run-'));
const steps = join(checkout, 'steps.log');
let cluster: Server | undefined;
let kubeconfig = '';

beforeAll(async () => {
  copyFileSync(join(repository, 'run'), join(checkout, 'run'));
  symlinkSync(join(repository, 'harness'), join(checkout, 'harness'));
  mkdirSync(join(checkout, 'scripts'));
  // The final `exec` of the CLI lands here; `validate` goes to the real Node.
  const node = join(checkout, 'node');
  writeFileSync(node, `#!/bin/sh\nif [ "$2" = validate ]; then exec "${process.execPath}" "$@"; fi\necho "exec $2" >> "${steps}"\n`);
  chmodSync(node, 0o755);
  writeFileSync(join(checkout, 'scripts', 'bootstrap.sh'), [
    `step() { echo "$1" >> "${steps}"; }`,
    `ensure_node() { step node; FRH_NODE="${node}"; }`,
    'ensure_deps() { step deps; }',
    'ensure_docker() { step docker; }',
    'ensure_images() { step images; }',
    'bootstrap_all() { ensure_node; ensure_deps; ensure_docker; ensure_images; }',
  ].join('\n'));
  const standIn = await startApiServer('kubernetes');
  cluster = standIn.server;
  kubeconfig = writeKubeconfig(checkout, 'kubeconfig', standIn.url);
});
afterAll(() => cluster?.close());

/** Asynchronous, so the stand-in API server in this process can answer the cluster check. */
async function run(...args: string[]): Promise<{ status: number | null; stderr: string; steps: string[] }> {
  writeFileSync(steps, '');
  const child = spawn(join(checkout, 'run'), args, { env: { PATH: process.env.PATH, HOME: checkout, FRH_QUIET: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stderr, steps: readFileSync(steps, 'utf8').trim().split('\n') };
}

describe('./run', () => {
  it.each([
    [['suite', '--platform', 'foo'], 'frh: --platform foo: not one of docker, kubernetes'],
    [['suite', 'zzzz'], /^frh: scenario filter "zzzz" matches no scenario/],
    [['sweep', '--run', 'Bad Id'], 'frh: --run Bad Id: use 1-40 characters of a-z, 0-9 and -'],
    [['launch-rockets'], /^frh: unknown command "launch-rockets"/],
  ])('%j stops at one line and exit 2 before Docker or images', async (args, message) => {
    const result = await run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.steps).toEqual(['node', 'deps']);
  });

  it.each([
    [['suite', 'taskmanager'], ['node', 'deps', 'docker', 'images', 'exec suite']],
    [['sweep'], ['node', 'deps', 'docker', 'exec sweep']],
    [['sweep', '--platform', 'kubernetes', '--provider', 'existing', '--kubeconfig', '<kubeconfig>'], ['node', 'deps', 'exec sweep']],
    [['doctor', 'config.yaml'], ['node', 'deps', 'exec doctor']],
  ])('%j provides only what the command needs', async (args, expected) => {
    const result = await run(...args.map((arg) => (arg === '<kubeconfig>' ? kubeconfig : arg)));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.steps).toEqual(expected);
  });
});
