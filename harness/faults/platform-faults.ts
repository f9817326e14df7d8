// Faults a platform's own controller carries out because the user edited its spec (the Flink
// Kubernetes Operator): suspend, upgrade. The controller stops the job its way (per upgradeMode) and
// brings the next one back its way; the harness only edits the spec and watches.
import type { DeploymentSpec } from '../platforms/deployment-spec.ts';
import { reconcilesJobSpec, type Deployment, type ReconcilesJobSpec } from '../platforms/platform.ts';
import { MissingAbilityError, type Fault } from './fault.ts';
import { progress } from '../support/progress.ts';

function requireSpecController(fault: string, deployment: Deployment): asserts deployment is Deployment & ReconcilesJobSpec {
  if (!reconcilesJobSpec(deployment)) throw new MissingAbilityError(fault, deployment.platform, 'reconcile a job spec (suspend and upgrade through its own controller)');
}

/**
 * `spec.job.state: suspended`. The operator stops the job by its upgradeMode (savepoint: a
 * stop-with-savepoint; last-state: the cluster is deleted, HA metadata kept; stateless: a cancel);
 * the scenario's resume sets it running again, with its changes.
 */
export function suspendJob(): Fault {
  return {
    name: 'suspend',
    kind: 'suspend',
    recovery: 'redeploy',
    check(deployment) {
      requireSpecController(this.name, deployment);
    },
    async inject({ deployment }) {
      requireSpecController(this.name, deployment);
      const jobId = deployment.jobId;
      const { requestedAt, effectiveAt } = await deployment.suspend();
      // Nothing restores before the old JobManager is gone (the resume sets the job running later).
      return { fault: this.name, at: requestedAt, effectiveAt, restoreBeganAt: effectiveAt, detail: { jobId, upgradeMode: deployment.upgradeMode } };
    },
  };
}

/**
 * A spec change to the running job (an upgrade: parallelism, probe version, image). The fault is
 * the moment the change is applied; it has taken effect once the old job stopped. The platform
 * brings the job back by itself; the resume that follows only waits for it.
 * `killControllerMidway`: the controller's pod is killed once the upgrade is under way.
 */
export function upgradeJob(changes: Partial<DeploymentSpec>, options: { killControllerMidway?: boolean } = {}): Fault {
  return {
    name: options.killControllerMidway ? 'upgrade-with-controller-killed' : 'upgrade',
    kind: 'upgrade',
    recovery: 'redeploy',
    check(deployment) {
      requireSpecController(this.name, deployment);
    },
    async inject({ deployment }) {
      requireSpecController(this.name, deployment);
      const jobId = deployment.jobId;
      let controllerKilledAt: number | undefined;
      const duringUpgrade = options.killControllerMidway ? async () => {
        controllerKilledAt = await deployment.killController();
        progress(`${deployment.spec.name}: killed the operator's pod in the middle of the upgrade`);
      } : undefined;
      const { requestedAt, effectiveAt } = await deployment.upgrade(changes, duringUpgrade ? { duringUpgrade } : {});
      // The operator starts the new cluster once the old one is gone: every checkpoint the old
      // JobManager confirmed until then is in the HA metadata a last-state upgrade recovers from.
      return { fault: this.name, at: requestedAt, effectiveAt, restoreBeganAt: effectiveAt, detail: { jobId, upgradeMode: deployment.upgradeMode, changes, ...(controllerKilledAt ? { controllerKilledAt } : {}) } };
    },
  };
}

