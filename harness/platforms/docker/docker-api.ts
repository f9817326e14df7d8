// Direct Docker engine calls testcontainers does not offer: kill, pause, logs, labelled networks, sweeping.
import Docker from 'dockerode';
import { KEPT_LABEL, MANAGED_LABEL, OWNER_PID_LABEL, RUN_LABEL, deploymentKey, keepMarkerLabels, sweeps, type SweepRule } from './labels.ts';
import { ensureReaper } from '../../support/reaper.ts';
import { thisOwner } from '../../support/owner.ts';

let shared: Docker | undefined;

/** One dockerode client for the process (DOCKER_HOST or the local socket). */
export function docker(): Docker {
  shared ??= new Docker();
  return shared;
}

/**
 * Creates a bridge network with DNS between containers, carrying our labels. Internal by default
 * (Docker's `--internal`): its containers reach each other and this host, and nothing beyond: no
 * route out, no masquerading. `internal: false` only for engines whose container IPs the harness
 * cannot reach (FRH_DOCKER_NETWORK=published).
 */
export async function createNetwork(name: string, labels: Record<string, string>, options: { internal?: boolean } = {}): Promise<Docker.Network> {
  // A deployment's first resource: from here on, a reaper removes what this process owns once it is gone.
  if (labels[OWNER_PID_LABEL] === thisOwner().pid) ensureReaper({ kind: 'docker-engine' }, labels[RUN_LABEL] ?? 'no-run');
  return docker().createNetwork({ Name: name, Driver: 'bridge', Internal: options.internal ?? true, CheckDuplicate: true, Labels: labels });
}

export async function killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
  await docker().getContainer(id).kill({ signal });
}

export async function pauseContainer(id: string): Promise<void> {
  await docker().getContainer(id).pause();
}

export async function unpauseContainer(id: string): Promise<void> {
  await docker().getContainer(id).unpause();
}

export async function stopContainer(id: string, timeoutSeconds = 5): Promise<void> {
  await docker().getContainer(id).stop({ t: timeoutSeconds });
}

/** The last `tail` lines of a container's stdout+stderr (works for stopped containers too). */
export async function containerLogs(id: string, tail = 400): Promise<string> {
  const raw = (await docker().getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
  return demultiplex(raw);
}

/** Docker's log stream frames each chunk with an 8-byte header when the container has no TTY. */
export function demultiplex(raw: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length && (raw[offset] === 1 || raw[offset] === 2) && raw[offset + 1] === 0) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return offset === 0 ? raw.toString('utf8') : parts.join('');
}

/**
 * Marks deployment `deployment` of run `runId` as kept (`--keep`). Docker labels cannot change after a
 * container is created, so the mark is an object of its own beside the containers: an empty volume
 * carrying the run and deployment and no owner. The engine holds it, so every process that cleans
 * (the reaper, a run's end, the next run's start, `frh sweep`) sees it whatever report folder it uses.
 */
export async function keepDeployment(runId: string, deployment: string, markerName: string): Promise<void> {
  await docker().createVolume({ Name: markerName, Labels: keepMarkerLabels(runId, deployment) });
}

/** The deployments marked kept (deploymentKey of each marker). */
export async function keptDeployments(): Promise<Set<string>> {
  const markers = (await docker().listVolumes({ filters: { label: [`${KEPT_LABEL}=true`] } })).Volumes ?? [];
  return new Set(markers.map((marker) => deploymentKey(marker.Labels ?? undefined)).filter((key): key is string => key !== undefined));
}

/**
 * Removes labelled containers, networks and volumes: those of `runId` when given, else only those whose
 * owning process is gone. Kept deployments (and their markers) stay unless `removeKept`: only a
 * person's `frh sweep` passes it. Never touches anything without our label. Returns how many it removed.
 */
export async function sweep(runId?: string, { removeKept = false }: { removeKept?: boolean } = {}): Promise<number> {
  const filters = { label: [runId ? `${RUN_LABEL}=${runId}` : `${MANAGED_LABEL}=true`] };
  const rule: SweepRule = { ...(runId ? { runId } : {}), removeKept };
  const kept = await keptDeployments();
  let removed = 0;
  for (const info of await docker().listContainers({ all: true, filters })) {
    if (!sweeps(info.Labels, kept, rule)) continue;
    await docker().getContainer(info.Id).remove({ force: true, v: true }).then(() => removed++, () => undefined);
  }
  for (const info of await docker().listNetworks({ filters })) {
    if (!sweeps(info.Labels, kept, rule)) continue;
    await docker().getNetwork(info.Id).remove().then(() => removed++, () => undefined);
  }
  // Volumes last: a kept deployment's marker goes only after its containers and network.
  for (const info of (await docker().listVolumes({ filters })).Volumes ?? []) {
    if (!sweeps(info.Labels ?? undefined, kept, rule)) continue;
    await docker().getVolume(info.Name).remove().then(() => removed++, () => undefined);
  }
  return removed;
}

/** True while the container runs (false once it exited or was removed). */
export async function isRunning(id: string): Promise<boolean> {
  const info = await docker().getContainer(id).inspect().catch(() => undefined);
  return info?.State.Running === true;
}

/** Whether the local engine holds `image` (never pulls: images here are built or loaded locally). */
export async function hasImage(image: string): Promise<boolean> {
  return docker().getImage(image).inspect().then(() => true, () => false);
}

/**
 * The Flink version inside a Flink image, read from the version in its lib/ jar names
 * (flink-dist-X.Y.Z.jar in Apache's images, flink-runtime-X.Y.Z.jar in the harness's): a
 * container that only lists the folder, without network, removed at once. Undefined when the
 * image has no such jar.
 */
export async function flinkVersionInImage(image: string, labels: Record<string, string>, libDir = '/opt/flink/lib'): Promise<string | undefined> {
  const container = await docker().createContainer({ Image: image, Entrypoint: ['ls', '-1', libDir], Cmd: [], Labels: labels, HostConfig: { NetworkMode: 'none' } });
  try {
    await container.start();
    await container.wait();
    const listing = demultiplex((await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
    return flinkVersionOfLibListing(listing);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

export function flinkVersionOfLibListing(listing: string): string | undefined {
  return /^flink-(?:dist|runtime)(?:_[\d.]+)?-(\d+\.\d+\.\d+)\.jar$/m.exec(listing)?.[1];
}
