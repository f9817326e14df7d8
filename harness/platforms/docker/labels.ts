// Labels on everything the harness creates, so cleanup removes exactly what we made and nothing else.
import { ownerGone, thisOwner } from '../../support/owner.ts';

export const MANAGED_LABEL = 'dev.frh.managed';
export const RUN_LABEL = 'dev.frh.run';
export const OWNER_PID_LABEL = 'dev.frh.owner-pid';
export const OWNER_HOST_LABEL = 'dev.frh.owner-host';
export const DEPLOYMENT_LABEL = 'dev.frh.deployment';
/** On the marker volume that records a deployment `--keep` left up (see docker-api.ts, keepDeployment). */
export const KEPT_LABEL = 'dev.frh.kept';

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

/** Identifies one deployment of one run: what a keep marker names and a resource's labels match. */
export function deploymentKey(labels: Record<string, string> | undefined): string | undefined {
  const run = labels?.[RUN_LABEL];
  const deployment = labels?.[DEPLOYMENT_LABEL];
  return run && deployment ? `${run}/${deployment}` : undefined;
}

/**
 * The labels of the volume that marks deployment `deployment` of run `runId` as kept: no owner pid,
 * so no process's end removes it; the host, so a plain `frh sweep` there does.
 */
export function keepMarkerLabels(runId: string, deployment: string): Record<string, string> {
  return { [MANAGED_LABEL]: 'true', [RUN_LABEL]: runId, [DEPLOYMENT_LABEL]: deployment, [KEPT_LABEL]: 'true', [OWNER_HOST_LABEL]: thisOwner().host };
}

/** Whether a cleanup removes a labelled resource, given the kept deployments (by deploymentKey). */
export interface SweepRule {
  /** Every resource of this run (`frh sweep --run`, a run's own end); else only those whose owner is gone. */
  runId?: string;
  /**
   * Kept deployments go too (without `runId`: those kept on this host): only a person's `frh sweep`
   * removes them, never a run's automatic cleanup or the reaper.
   */
  removeKept: boolean;
}

export function sweeps(labels: Record<string, string> | undefined, kept: ReadonlySet<string>, rule: SweepRule): boolean {
  if (!labels || labels[MANAGED_LABEL] !== 'true') return false;
  if (rule.runId !== undefined && labels[RUN_LABEL] !== rule.runId) return false;
  const key = deploymentKey(labels);
  if (key !== undefined && kept.has(key)) return rule.removeKept && (rule.runId !== undefined || labels[OWNER_HOST_LABEL] === thisOwner().host);
  return rule.runId !== undefined || ownerIsGone(labels);
}
