#!/usr/bin/env node
// The reaper process (see reaper.ts): started detached by a harness process with
//   --owner PID --host HOST --start TICKS --run RUN
// and a pipe on stdin. When the pipe closes or the pid stops being that process, it removes what the
// owner left (only what carries the owner's pid and host), logs each removal to stdout (a file) and exits.
import { decodeTarget, ownerAlive, type ReaperTarget, type WatchedOwner } from './reaper.ts';
import { removeFolderOf } from './owned-folders.ts';
import type { EngineReaper } from '../platforms/descriptor.ts';

const POLL_MS = 1_000;
/** After the first pass, passes go on until one finds nothing this long after the owner was seen gone: creates in flight when it died land meanwhile. */
const SETTLE_MS = 4_000;
const REAP_DEADLINE_MS = 90_000;
const NAMESPACE_GONE_WAIT_MS = 120_000;

function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} reaper[${process.pid}] ${message}\n`);
}

function argument(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? '') : '';
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

type KubeModule = typeof import('../k8s/kube.ts');

interface Cluster {
  server: string;
  kube: Promise<InstanceType<KubeModule['Kube']>>;
  module: Promise<KubeModule>;
  requested: Map<string, number>;
}

/** The owner's namespaces on one cluster: labelled as the harness's, annotated with the owner's pid and host. */
async function ownedByOwner(cluster: Cluster, owner: WatchedOwner): Promise<Array<{ name: string; terminating: boolean }>> {
  const [kube, { OWNER_LABEL, OWNER_VALUE, OWNER_PID_ANNOTATION, OWNER_HOST_ANNOTATION, KEPT_LABEL }] = await Promise.all([cluster.kube, cluster.module]);
  const list = await kube.core.listNamespace({ labelSelector: `${OWNER_LABEL}=${OWNER_VALUE}` });
  return list.items
    .filter((ns) => ns.metadata?.annotations?.[OWNER_PID_ANNOTATION] === owner.pid && ns.metadata?.annotations?.[OWNER_HOST_ANNOTATION] === owner.host)
    // Keeping a namespace (`--keep`) removes its owner pid; its label says so too.
    .filter((ns) => ns.metadata?.labels?.[KEPT_LABEL] !== 'true')
    .map((ns) => ({ name: ns.metadata!.name!, terminating: ns.metadata?.deletionTimestamp !== undefined }));
}

async function reapNamespaces(cluster: Cluster, owner: WatchedOwner): Promise<number> {
  const kube = await cluster.kube;
  let requested = 0;
  for (const ns of await ownedByOwner(cluster, owner)) {
    if (ns.terminating || cluster.requested.has(ns.name)) continue;
    // deleteOwnedNamespace checks the harness's label once more and refuses anything else.
    await kube.deleteOwnedNamespace(ns.name, { wait: false }).then(
      () => { requested++; cluster.requested.set(ns.name, Date.now()); log(`deleting namespace ${ns.name} on ${cluster.server}`); },
      (error: Error) => log(`could not delete namespace ${ns.name}: ${error.message}`),
    );
  }
  return requested;
}

async function main(): Promise<void> {
  const owner: WatchedOwner = { pid: argument('owner'), host: argument('host'), start: argument('start') || undefined };
  const runId = argument('run');
  if (!/^\d+$/.test(owner.pid) || !owner.host) {
    log(`bad arguments ${JSON.stringify(process.argv.slice(2))}; exiting`);
    process.exit(2);
  }
  log(`watching owner pid ${owner.pid} on ${owner.host} (run ${runId}${owner.start ? `, started at tick ${owner.start}` : ''})`);

  // The owner's containers on this machine's Docker engine: reaped the way the platform that labels them says.
  let docker: Promise<EngineReaper> | undefined;
  const clusters = new Map<string, Cluster>();
  /** The owner's private folders on this machine (most are gone already: the owner removes its own when done). */
  const folders = new Set<string>();
  const accept = (target: ReaperTarget): void => {
    if (target.kind === 'owned-folder') {
      folders.add(target.path);
      return;
    }
    if (target.kind === 'docker-engine') {
      if (docker) return;
      log('will remove the owner\'s Docker containers, networks and volumes');
      // Loaded now, while the owner lives: loading takes a moment, more under load.
      docker = import('../platforms/registry.ts').then(({ PLATFORMS }) => {
        const reaper = PLATFORMS.find((p) => p.cleanup.engineReaper)?.cleanup.engineReaper;
        if (!reaper) throw new Error('no platform reaps the Docker engine (harness/platforms/registry.ts)');
        return reaper();
      });
      docker.catch(() => undefined);
      return;
    }
    if (clusters.has(target.server)) return;
    log(`will delete the owner's namespaces on ${target.server}`);
    const module = import('../k8s/kube.ts');
    const kube = Promise.all([module, import('@kubernetes/client-node')]).then(([{ Kube }, { KubeConfig }]) => {
      const config = new KubeConfig();
      config.loadFromString(target.kubeconfig);
      return new Kube(config);
    });
    kube.catch(() => undefined);
    clusters.set(target.server, { server: target.server, kube, module, requested: new Map() });
  };

  let pipeEnded: () => void = () => undefined;
  const pipeEnd = new Promise<void>((done) => (pipeEnded = done));
  const gone = new Promise<string>((done) => {
    let buffered = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const hello = /^\{"kind":"hello","spawnMs":([\d.]+)\}$/.exec(line);
        if (hello) log(`the owner spent ${hello[1]} ms starting this reaper`);
        const target = decodeTarget(line);
        if (target) accept(target);
      }
    });
    process.stdin.on('end', () => (pipeEnded(), done('its pipe closed')));
    process.stdin.on('error', (error) => (pipeEnded(), done(`its pipe failed: ${error.message}`)));
    const poll = setInterval(() => {
      if (!ownerAlive(owner)) done(`pid ${owner.pid} is no longer that process`);
    }, POLL_MS);
    void poll;
  });
  const reason = await gone;
  const goneAt = Date.now();
  log(`owner ${owner.pid} gone (${reason})`);
  // Seen by the poll: what the owner wrote last may still be unread; its pipe ends at once now.
  await Promise.race([pipeEnd, sleep(2_000)]);

  let removed = 0;
  let namespaces = 0;
  let foldersRemoved = 0;
  for (let pass = 1; ; pass++) {
    let found = 0;
    for (const path of folders) {
      try {
        // Only a folder whose marker names this owner and its run: never anything else at that path.
        if (removeFolderOf(path, { pid: owner.pid, host: owner.host, runId })) {
          foldersRemoved++;
          log(`removed folder ${path}`);
        }
        folders.delete(path);
      } catch (error) {
        log(`could not remove folder ${path}: ${(error as Error).message}`);
      }
    }
    if (docker) found += await docker.then((reap) => reap(owner, log)).catch((error: Error) => (log(`Docker pass ${pass} failed: ${error.message}`), 0));
    removed += found;
    for (const cluster of clusters.values()) {
      const requested = await reapNamespaces(cluster, owner).catch((error: Error) => (log(`Kubernetes pass ${pass} on ${cluster.server} failed: ${error.message}`), 0));
      namespaces += requested;
      found += requested;
    }
    const elapsed = Date.now() - goneAt;
    const nothingToClean = !docker && clusters.size === 0 && folders.size === 0;
    if ((found === 0 && (elapsed >= SETTLE_MS || nothingToClean)) || elapsed >= REAP_DEADLINE_MS) break;
    await sleep(POLL_MS);
  }
  log(`reaped in ${((Date.now() - goneAt) / 1000).toFixed(1)} s: ${removed} Docker resource(s) removed, ${namespaces} namespace(s) deleting, ${foldersRemoved} folder(s) removed`);

  // Only to tell the user when the namespaces are really gone (the deletion itself is already requested).
  const waitUntil = Date.now() + NAMESPACE_GONE_WAIT_MS;
  for (const cluster of clusters.values()) {
    while (cluster.requested.size > 0 && Date.now() < waitUntil) {
      const left = new Set((await ownedByOwner(cluster, owner).catch(() => [])).map((ns) => ns.name));
      for (const [name] of cluster.requested) {
        if (left.has(name)) continue;
        log(`namespace ${name} gone ${((Date.now() - goneAt) / 1000).toFixed(1)} s after the owner`);
        cluster.requested.delete(name);
      }
      if (cluster.requested.size > 0) await sleep(POLL_MS);
    }
    for (const [name] of cluster.requested) log(`namespace ${name} still terminating after ${NAMESPACE_GONE_WAIT_MS / 1000} s`);
  }
  log('exiting');
  process.exit(0);
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
