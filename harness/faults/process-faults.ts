// Faults that kill or freeze Flink processes; the platform restarts them like a supervisor.
import { canDeleteHaMetadata, canFreeze, canKillJobManagers, canKillTaskManagers } from '../platforms/platform.ts';
import type { ComponentName, Deployment, KillsJobManagers } from '../platforms/platform.ts';
import { MissingAbilityError } from './fault.ts';
import type { Fault } from './fault.ts';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The deployment as one with `ability`, or a MissingAbilityError naming the fault: faults check in
 * check() (before the run) and again in inject() (which narrows the type).
 */
function requireAbility<A>(fault: string, deployment: Deployment, has: (d: Deployment) => d is Deployment & A, ability: string): Deployment & A {
  if (!has(deployment)) throw new MissingAbilityError(fault, deployment.platform, ability);
  return deployment;
}

/** SIGKILL a TaskManager; the job fails over to the newest completed checkpoint. */
export function killTaskManager(index = 0): Fault {
  return {
    name: 'kill-taskmanager',
    kind: 'taskmanager-loss',
    recovery: 'failover',
    check(deployment) {
      requireAbility(this.name, deployment, canKillTaskManagers, 'kill TaskManagers');
    },
    async inject({ deployment }) {
      const target = requireAbility(this.name, deployment, canKillTaskManagers, 'kill TaskManagers');
      const at = Date.now();
      const effectiveAt = await target.killTaskManager(index);
      // The failover begins once the JobManager notices the loss; checkpoints it completed until then
      // (acknowledgements in flight) are in its store. The kill's return is when it had certainly landed.
      return { fault: this.name, at, effectiveAt, restoreBeganAt: effectiveAt, detail: { taskManager: index } };
    },
  };
}

/** SIGKILL the JobManager; with HA the restarted JobManager recovers the same job. */
export function killJobManager(): Fault {
  return jobManagerLoss('kill-jobmanager', 'kill JobManagers', (deployment) => deployment.killJobManager());
}

/**
 * Kills the JobManager and starts a fresh one in its place (new container, empty local disk), as
 * Kubernetes replaces a pod: whatever the JobManager kept on its own disk is gone.
 */
export function replaceJobManager(): Fault {
  return jobManagerLoss('replace-jobmanager', 'replace JobManagers', (deployment) => deployment.replaceJobManager());
}

function jobManagerLoss(name: string, ability: string, act: (deployment: Deployment & KillsJobManagers) => Promise<number>): Fault {
  const able = (deployment: Deployment): Deployment & KillsJobManagers => requireAbility(name, deployment, canKillJobManagers, ability);
  return {
    name,
    kind: 'jobmanager-loss',
    recovery: 'failover',
    check: (deployment) => void able(deployment),
    async inject({ deployment }) {
      const target = able(deployment);
      const at = Date.now();
      const jobId = deployment.jobId;
      const effectiveAt = await act(target);
      // A dead JobManager completes nothing more; its successor recovers from the HA store.
      return { fault: name, at, effectiveAt, restoreBeganAt: effectiveAt, detail: { jobId } };
    },
  };
}

/**
 * The deployment is deleted the way `kubectl delete` removes pods: every process is killed and
 * nothing is cancelled, so Flink never cleans up its HA data. The harness's redeploy then starts
 * the new deployment (it tears the old generation down with SIGKILL before starting one).
 */
export function deleteDeployment(): Fault {
  return {
    name: 'delete-deployment',
    kind: 'deployment-deleted',
    recovery: 'redeploy',
    check: () => undefined,
    inject: async ({ deployment }) => ({ fault: 'delete-deployment', at: Date.now(), detail: { jobId: deployment.jobId } }),
  };
}

/** Freezes a component for `durationMs`, then thaws it (a long GC pause or a stalled node). */
export function freeze(component: ComponentName, durationMs: number): Fault {
  return {
    name: `freeze-${component}`,
    kind: 'freeze',
    recovery: 'failover',
    check(deployment) {
      requireAbility(this.name, deployment, canFreeze, 'freeze components');
    },
    async inject({ deployment }) {
      const target = requireAbility(this.name, deployment, canFreeze, 'freeze components');
      const at = Date.now();
      await target.freeze(component);
      // The fault IS a timed pause: its duration is the scenario's input, not a wait for a condition.
      await sleep(durationMs);
      await target.thaw(component);
      return { fault: this.name, at, detail: { component, durationMs }, healedAt: Date.now() };
    },
  };
}

/**
 * Deletes the running job's HA metadata (Kubernetes HA ConfigMaps), as a careless cleanup would:
 * all of it, or (`only: 'job'`) only the job's own ConfigMap, leaving the cluster's leader ConfigMap.
 */
export function deleteHaMetadata(options: { only?: 'job' } = {}): Fault {
  const scope = options.only ?? 'all';
  return {
    name: scope === 'job' ? 'delete-job-ha-configmap' : 'delete-ha-metadata',
    kind: 'ha-metadata-loss',
    recovery: 'failover',
    check(deployment) {
      requireAbility(this.name, deployment, canDeleteHaMetadata, 'delete HA metadata');
    },
    async inject({ deployment }) {
      const target = requireAbility(this.name, deployment, canDeleteHaMetadata, 'delete HA metadata');
      const at = Date.now();
      const deleted = await target.deleteHaMetadata(scope);
      if (deleted.length === 0) throw new Error(`found no ${scope === 'job' ? "job's HA ConfigMap" : 'HA metadata'} to delete`);
      return { fault: this.name, at, detail: { deleted } };
    },
  };
}
