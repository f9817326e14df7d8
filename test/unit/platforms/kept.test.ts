// What --keep prints for a kept deployment, and what the sweeps and the reaper leave of it.
import { describe, expect, it } from 'vitest';
import { dockerKeptAccess, kubectlCommand, kubernetesKeptAccess, minioConsolePort, shellWord, type DockerKeptParts } from '../../../harness/platforms/kept.ts';
import { sweepCommand } from '../../../harness/platforms/registry.ts';
import { S3_CREDENTIALS } from '../../../harness/platforms/generations.ts';
import { keepMarkerLabels, ownedLabels, sweeps } from '../../../harness/platforms/docker/labels.ts';
import { KEPT_AT_ANNOTATION, KEPT_LABEL, OWNER_HOST_ANNOTATION, OWNER_PID_ANNOTATION, isKept, keptHere, keptNamespacePatch, ownerProcessGone } from '../../../harness/k8s/kube.ts';
import { hostname } from 'node:os';
import type { KeptAccess } from '../../../harness/platforms/platform.ts';

const docker: DockerKeptParts = {
  runId: 'r1',
  deployment: '01-taskmanager',
  network: 'frh-r1-01-taskmanager',
  published: false,
  jobManager: { container: 'frh-r1-01-taskmanager-jobmanager-g1', restUrl: 'http://172.20.0.4:8081' },
  taskManagers: ['frh-r1-01-taskmanager-taskmanager-0-g1'],
  minio: { container: 'frh-r1-01-taskmanager-minio', s3Url: 'http://172.20.0.2:9000', consoleUrl: 'http://172.20.0.2:43977' },
};
const how = (access: KeptAccess[], what: string): string | undefined => access.find((a) => a.what === what)?.how;
const noCredentials = (access: KeptAccess[]): void => {
  const text = JSON.stringify(access);
  expect(text).not.toContain(S3_CREDENTIALS.accessKey);
  expect(text).not.toContain(S3_CREDENTIALS.secretKey);
};

describe('how to reach a kept Docker deployment', () => {
  it('gives the Flink UI and MinIO at the containers\' addresses, how to ask for them again, and the logs', () => {
    const access = dockerKeptAccess(docker);
    expect(how(access, 'Flink UI (REST)')).toBe(`http://172.20.0.4:8081  (address now: docker inspect -f '{{(index .NetworkSettings.Networks "frh-r1-01-taskmanager").IPAddress}}' frh-r1-01-taskmanager-jobmanager-g1)`);
    expect(how(access, 'MinIO S3 API')).toMatch(/^http:\/\/172\.20\.0\.2:9000 /);
    expect(how(access, 'MinIO console')).toMatch(/^http:\/\/172\.20\.0\.2:43977 .*docker logs frh-r1-01-taskmanager-minio 2>&1 \| grep WebUI/);
    expect(how(access, 'JobManager log')).toBe('docker logs frh-r1-01-taskmanager-jobmanager-g1');
    expect(how(access, 'TaskManager 0 log')).toBe('docker logs frh-r1-01-taskmanager-taskmanager-0-g1');
    expect(how(access, 'every container (earlier generations too)')).toBe('docker ps -a --filter label=dev.frh.run=r1 --filter label=dev.frh.deployment=01-taskmanager');
  });

  it('names the command that shows the MinIO credentials, never the credentials', () => {
    const access = dockerKeptAccess(docker);
    expect(how(access, 'MinIO credentials')).toContain('docker inspect');
    noCredentials(access);
  });

  it('with published ports: docker port, and no console URL (its port is not published)', () => {
    const access = dockerKeptAccess({ ...docker, published: true, jobManager: { ...docker.jobManager, restUrl: 'http://127.0.0.1:32781' } });
    expect(how(access, 'Flink UI (REST)')).toBe('http://127.0.0.1:32781  (address now: docker port frh-r1-01-taskmanager-jobmanager-g1 8081)');
    expect(how(access, 'MinIO console')).toMatch(/^not published/);
  });
});

describe('how to reach a kept Kubernetes deployment', () => {
  const kubectl = kubectlCommand({ kubeconfig: '/state/admin.kubeconfig' });
  const access = kubernetesKeptAccess({
    kubectl, namespace: 'frh-r1-01-taskmanager', restService: 'jobmanager-rest-g2', minioConsolePort: 41234,
    commands: [{ what: 'JobManager log', args: 'logs deploy/jobmanager-g2' }],
  });

  it('port-forwards to run (the harness\'s own died with it), then loopback URLs', () => {
    expect(how(access, 'Flink UI (REST)')).toBe('kubectl --kubeconfig /state/admin.kubeconfig -n frh-r1-01-taskmanager port-forward svc/jobmanager-rest-g2 8081:8081, then http://127.0.0.1:8081');
    expect(how(access, 'MinIO S3 API')).toContain('port-forward svc/minio 9000:9000, then http://127.0.0.1:9000');
    expect(how(access, 'MinIO console')).toContain('port-forward deploy/minio 41234:41234, then http://127.0.0.1:41234');
    expect(how(access, 'JobManager log')).toBe('kubectl --kubeconfig /state/admin.kubeconfig -n frh-r1-01-taskmanager logs deploy/jobmanager-g2');
  });

  it('reads the credentials from the Secret only when a person runs the command', () => {
    expect(how(access, 'MinIO credentials')).toContain('get secret minio-credentials');
    noCredentials(access);
  });

  it('without the console port: where to find it', () => {
    const without = kubernetesKeptAccess({ kubectl, namespace: 'ns', restService: 'probe-rest', commands: [] });
    expect(how(without, 'MinIO console')).toContain('logs deploy/minio | grep WebUI');
  });
});

describe('commands', () => {
  it('kubectl aimed at the run\'s cluster, quoted for a shell', () => {
    expect(kubectlCommand({ kubeconfig: '/a b/config', context: 'ctx' })).toBe("kubectl --kubeconfig '/a b/config' --context ctx");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });

  it('the sweep that removes a run\'s kept deployments, with the cluster flags it needs', () => {
    expect(sweepCommand('r1', 'docker', { provider: 'local' })).toBe('frh sweep --run r1');
    expect(sweepCommand('r1', 'kubernetes', { provider: 'local' })).toBe('frh sweep --run r1 --platform kubernetes');
    expect(sweepCommand('r1', 'operator', { provider: 'existing', kubeconfig: '/k/config', context: 'c' })).toBe('frh sweep --run r1 --platform operator --provider existing --kubeconfig /k/config --context c');
    expect(sweepCommand('r1', 'kubernetes', { provider: 'kind', name: 'frh2' })).toBe('frh sweep --run r1 --platform kubernetes --provider kind --name frh2');
  });

  it('the MinIO console port from its start-up log', () => {
    expect(minioConsolePort('API: http://172.17.0.2:9000  http://127.0.0.1:9000 \nWebUI: http://172.17.0.2:43977 http://127.0.0.1:43977 \n')).toBe(43977);
    expect(minioConsolePort('no such line')).toBeUndefined();
  });
});

describe('what cleanups remove on Docker when a deployment is kept', () => {
  const gone = { 'dev.frh.owner-pid': '999999999' };
  const keptOne = ownedLabels('r1', 'kept-one');
  const other = ownedLabels('r1', 'other');
  const kept = new Set(['r1/kept-one']);

  it('a run\'s own end and the next run\'s start spare it; the rest of the run goes', () => {
    expect(sweeps(keptOne, kept, { runId: 'r1', removeKept: false })).toBe(false);
    expect(sweeps(other, kept, { runId: 'r1', removeKept: false })).toBe(true);
    expect(sweeps({ ...keptOne, ...gone }, kept, { removeKept: false })).toBe(false);
    expect(sweeps({ ...other, ...gone }, kept, { removeKept: false })).toBe(true);
    expect(sweeps(keepMarkerLabels('r1', 'kept-one'), kept, { runId: 'r1', removeKept: false })).toBe(false);
  });

  it('a person\'s frh sweep (with or without --run) removes it and its marker; without --run only what this host kept', () => {
    expect(sweeps(keptOne, kept, { runId: 'r1', removeKept: true })).toBe(true);
    expect(sweeps(keptOne, kept, { removeKept: true })).toBe(true);
    expect(sweeps(keepMarkerLabels('r1', 'kept-one'), kept, { removeKept: true })).toBe(true);
    expect(sweeps({ ...keptOne, 'dev.frh.owner-host': 'another-host' }, kept, { removeKept: true })).toBe(false);
    expect(sweeps({ ...keptOne, 'dev.frh.owner-host': 'another-host' }, kept, { runId: 'r1', removeKept: true })).toBe(true);
  });

  it('never another run\'s resources by run, a live owner\'s by age, or anything unlabelled', () => {
    expect(sweeps(ownedLabels('r2', 'x'), kept, { runId: 'r1', removeKept: true })).toBe(false);
    expect(sweeps(other, kept, { removeKept: true })).toBe(false);
    expect(sweeps({ 'dev.frh.run': 'r1', 'dev.frh.deployment': 'kept-one' }, kept, { removeKept: true })).toBe(false);
    expect(sweeps(undefined, kept, { removeKept: true })).toBe(false);
  });
});

describe('a kept namespace on Kubernetes', () => {
  it('is labelled kept and loses its owner pid, so no owner\'s reaper or abandoned-namespace sweep finds it', () => {
    expect(keptNamespacePatch(new Date('2026-11-29T22:00:00Z'))).toEqual({
      metadata: {
        labels: { [KEPT_LABEL]: 'true' },
        annotations: { [KEPT_AT_ANNOTATION]: '2026-11-29T22:00:00.000Z', [OWNER_PID_ANNOTATION]: null },
      },
    });
    expect(isKept({ [KEPT_LABEL]: 'true' })).toBe(true);
    expect(isKept({})).toBe(false);
  });

  it('a plain frh sweep removes those kept on its own host only', () => {
    const kept = { labels: { [KEPT_LABEL]: 'true' }, annotations: { [OWNER_HOST_ANNOTATION]: hostname() } };
    expect(keptHere(kept)).toBe(true);
    expect(keptHere({ ...kept, annotations: { [OWNER_HOST_ANNOTATION]: 'another-host' } })).toBe(false);
    expect(keptHere({ ...kept, labels: {} })).toBe(false);
    expect(ownerProcessGone(kept.annotations)).toBe(false);
  });
});
