// Every container the harness asks Kubernetes for carries CPU and memory requests and limits, so a
// multi-node scheduler can place many scenarios at once (frh suite --parallel N), and a new
// manifest cannot forget them. Read from the manifests' text, every file in manifests/.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { flinkConfiguration } from '../../../harness/platforms/flink-config.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';

const MANIFESTS = resolve(import.meta.dirname, '../../../manifests');
/** Kinds whose pods the scheduler places, and where their pod spec sits. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** `manifest kind/name container` → its container, for every container of every manifest. */
function containers(): Map<string, Container> {
  const found = new Map<string, Container>();
  for (const file of readdirSync(MANIFESTS).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const document of parseAllDocuments(readFileSync(resolve(MANIFESTS, file), 'utf8'))) {
      const object = document.toJS() as { kind?: string; metadata?: { name?: string } } | null;
      const path = object?.kind ? POD_SPEC_PATH[object.kind] : undefined;
      if (!object || !path) continue;
      const podSpec = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], object) as
        { containers?: Container[]; initContainers?: Container[] } | undefined;
      for (const container of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) {
        found.set(`${file} ${object.kind}/${object.metadata?.name} ${container.name}`, container);
      }
    }
  }
  return found;
}

/** Kubernetes quantities this test meets: 250m, 2, 640Mi, 1Gi. */
function quantity(value: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(value ?? ''));
  if (!match) return Number.NaN;
  const factor = { m: 0.001, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] as 'm' | 'Ki' | 'Mi' | 'Gi'] ?? 1;
  return Number(match[1]) * factor;
}

/** Flink's `1024m` (mebibytes) in bytes. */
function flinkBytes(value: string | undefined): number {
  const match = /^(\d+)m$/.exec(value ?? '');
  if (!match) throw new Error(`unexpected Flink memory size ${value}`);
  return Number(match[1]) * 1024 ** 2;
}

describe('manifest resources', () => {
  const all = containers();

  it('finds the containers the platform creates', () => {
    expect([...all.keys()]).toEqual(expect.arrayContaining([
      'flink-application.yaml Deployment/jobmanager-g${GENERATION} jobmanager',
      'flink-application.yaml Deployment/taskmanager-g${GENERATION} taskmanager',
      'minio.yaml Deployment/minio minio',
    ]));
  });

  it('gives every container CPU and memory requests and limits, requests within limits', () => {
    const problems: string[] = [];
    for (const [where, container] of all) {
      for (const resource of ['cpu', 'memory']) {
        const request = quantity(container.resources?.requests?.[resource]);
        const limit = quantity(container.resources?.limits?.[resource]);
        if (!(request > 0)) problems.push(`${where}: no ${resource} request`);
        if (!(limit > 0)) problems.push(`${where}: no ${resource} limit`);
        if (request > limit) problems.push(`${where}: ${resource} request above its limit`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('limits the Flink containers above the process sizes Flink is configured with (25% headroom)', () => {
    const paths = { bucket: 'b', checkpoints: 's3://b/c', savepoints: 's3://b/s', ha: 's3://b/h', output: 's3://b/o', control: 's3://b/x' };
    const config = flinkConfiguration(defaultSpec({ highAvailability: 'kubernetes' }), paths, { clusterId: 'c', jobManagerHost: 'jm', s3Endpoint: 'http://s3', s3AccessKey: 'a', s3SecretKey: 'b' });
    const limit = (suffix: string): number => quantity([...all].find(([where]) => where.endsWith(suffix))?.[1].resources?.limits?.memory);
    expect(limit(' jobmanager')).toBeGreaterThanOrEqual(1.25 * flinkBytes(config['jobmanager.memory.process.size']));
    expect(limit(' taskmanager')).toBeGreaterThanOrEqual(1.25 * flinkBytes(config['taskmanager.memory.process.size']));
  });

  it('lets two scenarios share a 2-core node: one JobManager, one TaskManager and MinIO each, by CPU requests', () => {
    const cpu = (suffix: string): number => quantity([...all].find(([where]) => where.endsWith(suffix))?.[1].resources?.requests?.cpu);
    const perScenario = cpu(' jobmanager') + cpu(' taskmanager') + cpu(' minio');
    expect(2 * perScenario).toBeLessThanOrEqual(2 * 0.75); // three quarters of the node, the rest for its system pods
  });
});
