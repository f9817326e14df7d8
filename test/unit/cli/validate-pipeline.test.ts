// `--platform pipeline --pipeline FILE` is checked with every other option, before anything starts:
// a missing or misplaced file, or one with a mistake, is one line and exit code 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { validateInvocation } from '../../../harness/cli/validate.ts';
import { BadInputError } from '../../../harness/support/errors.ts';
import { startApiServer, writeKubeconfig } from './fake-cluster.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const kubectlExample = resolve(ROOT, 'examples/pipelines/kubectl/pipeline.yaml');
const dir = mkdtempSync(join(tmpdir(), 'frh-validate-pipeline-'));
const broken = join(dir, 'broken.yaml');
writeFileSync(broken, 'commands:\n  deploy: ./deploy.sh\n  delete: ./delete.sh\nfaults:\n  kill-taskmanager: ""\n');
let server: Server | undefined;
let kubeconfig = '';

beforeAll(async () => {
  const apiServer = await startApiServer('kubernetes');
  server = apiServer.server;
  kubeconfig = writeKubeconfig(dir, 'kubeconfig', apiServer.url);
});
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

const validate = (argv: string[], extra: Record<string, string> = {}) => validateInvocation(argv, { env: { PATH: join(dir, 'no-bin'), ...extra }, probeTimeoutMs: 300 });
const onCluster = () => ['--provider', 'existing', '--kubeconfig', kubeconfig];

describe('the pipeline option', () => {
  it('accepts a pipeline file on the pipeline platform, made absolute for the scenarios, with the Kubernetes platform\'s images', async () => {
    const invocation = await validate(['suite', '--platform', 'pipeline', '--pipeline', relative(process.cwd(), kubectlExample), ...onCluster(), '01-taskmanager']);
    expect(invocation.env.FRH_PIPELINE).toBe(kubectlExample);
    expect(invocation.env.FRH_PLATFORM).toBe('pipeline');
    expect(invocation.images).toEqual(['minio', 'probe-flink-2.3.0', 'probe-flink-2.1.0']);
  });

  it.each<[string, () => string[], Record<string, string> | undefined, string]>([
    ['the pipeline platform without a file', () => ['suite', '--platform', 'pipeline', ...onCluster()], undefined, "--platform pipeline needs --pipeline FILE: the file naming your pipeline's commands (e.g. examples/pipelines/kubectl/pipeline.yaml)"],
    ['a file on another platform', () => ['suite', '--pipeline', kubectlExample], undefined, `--pipeline ${kubectlExample}: a pipeline file drives the pipeline platform only (the platform is docker); add --platform pipeline`],
    ['a file given as a variable on another platform', () => ['suite'], { FRH_PIPELINE: kubectlExample }, `FRH_PIPELINE=${kubectlExample}: a pipeline file drives the pipeline platform only (the platform is docker); add --platform pipeline`],
    ['a file with a mistake', () => ['suite', '--platform', 'pipeline', '--pipeline', broken, ...onCluster()], undefined, `--pipeline ${broken}:5:21: faults.kill-taskmanager: give a command (run with sh -c in the pipeline file's folder)`],
    ['a file that is not there', () => ['suite', '--platform', 'pipeline', '--pipeline', join(dir, 'nope.yaml'), ...onCluster()], undefined, `--pipeline ${join(dir, 'nope.yaml')}: cannot read the pipeline file (ENOENT)`],
    ['a resume command beside the pipeline\'s own', () => ['suite', '--platform', 'pipeline', '--pipeline', kubectlExample, '--resume-command', '/bin/true', ...onCluster()], undefined, 'FRH_RESUME_COMMAND=/bin/true: the pipeline platform resumes with its own commands.resume; give the resume there instead'],
  ])('refuses %s in one line', async (_, argv, extra, message) => {
    const error: unknown = await validate(argv(), extra).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toBe(message);
  });

  it('exits 2 with one line on stderr', () => {
    const child = spawnSync(process.execPath, [join(ROOT, 'harness/cli/main.ts'), 'validate', 'suite', '--platform', 'pipeline', '--pipeline', broken], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(child.status).toBe(2);
    expect(child.stderr).toBe(`frh: --pipeline ${broken}:5:21: faults.kill-taskmanager: give a command (run with sh -c in the pipeline file's folder)\n`);
  });
});
