// Labels on everything the harness creates, so cleanup removes exactly what we made and nothing else.
import { ownerGone, thisOwner } from '../../support/owner.ts';

export const MANAGED_LABEL = 'dev.frh.managed';
export const RUN_LABEL = 'dev.frh.run';
export const OWNER_PID_LABEL = 'dev.frh.owner-pid';
export const OWNER_HOST_LABEL = 'dev.frh.owner-host';
export const DEPLOYMENT_LABEL = 'dev.frh.deployment';

/** Labels for one resource of one deployment of one run, owned by this process. */
export function ownedLabels(runId: string, deployment: string): Record<string, string> {
  return {
    [MANAGED_LABEL]: 'true',
    [RUN_LABEL]: runId,
    [DEPLOYMENT_LABEL]: deployment,
    [OWNER_PID_LABEL]: thisOwner().pid,
    [OWNER_HOST_LABEL]: thisOwner().host,
  };
}

/** True when the process that created a resource is gone (so the resource is a leftover). */
export function ownerIsGone(labels: Record<string, string> | undefined): boolean {
  if (!labels || labels[MANAGED_LABEL] !== 'true') return false;
  return ownerGone({ host: labels[OWNER_HOST_LABEL], pid: labels[OWNER_PID_LABEL] }, true);
}
