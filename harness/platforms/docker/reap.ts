// The reaper's pass over this machine's Docker engine (support/reaper-main.ts): the containers,
// networks and volumes one gone owner left, except deployments kept for a person (`--keep`).
import { ownerLabelFilters, type WatchedOwner } from '../../support/reaper.ts';
import { docker, keptDeployments } from './docker-api.ts';
import * as labels from './labels.ts';

/** Docker containers, networks and volumes of the owner; returns what it removed this pass. */
export async function reapOwner(owner: WatchedOwner, log: (message: string) => void): Promise<number> {
  const filters = { label: ownerLabelFilters(owner, { managed: labels.MANAGED_LABEL, pid: labels.OWNER_PID_LABEL, host: labels.OWNER_HOST_LABEL }) };
  // A deployment the owner kept (`--keep`) outlives it until a person's `frh sweep`.
  const kept = await keptDeployments();
  const spared = (resourceLabels: Record<string, string> | undefined): boolean => {
    const key = labels.deploymentKey(resourceLabels);
    return key !== undefined && kept.has(key);
  };
  let removed = 0;
  for (const info of await docker().listContainers({ all: true, filters })) {
    if (spared(info.Labels)) continue;
    const name = info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12);
    await docker().getContainer(info.Id).remove({ force: true, v: true }).then(
      () => { removed++; log(`removed container ${name} (${info.Id.slice(0, 12)}, run ${info.Labels[labels.RUN_LABEL]})`); },
      (error: Error) => log(`could not remove container ${name}: ${error.message}`),
    );
  }
  for (const info of await docker().listNetworks({ filters })) {
    if (spared(info.Labels)) continue;
    await docker().getNetwork(info.Id).remove().then(
      () => { removed++; log(`removed network ${info.Name}`); },
      (error: Error) => log(`could not remove network ${info.Name}: ${error.message}`),
    );
  }
  const volumes = (await docker().listVolumes({ filters })).Volumes ?? [];
  for (const info of volumes) {
    if (spared(info.Labels ?? undefined)) continue;
    await docker().getVolume(info.Name).remove().then(
      () => { removed++; log(`removed volume ${info.Name}`); },
      (error: Error) => log(`could not remove volume ${info.Name}: ${error.message}`),
    );
  }
  return removed;
}

