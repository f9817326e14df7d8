// Faults a platform's own controller carries out because the user edited its spec (the Flink
// Kubernetes Operator): suspend, upgrade. The controller stops the job its way (per upgradeMode) and
// brings the next one back its way; the harness only edits the spec and watches.
import type { DeploymentSpec } from '../platforms/deployment-spec.ts';
import { canDeleteHaMetadata, reconcilesJobSpec, type Deployment, type ReconcilesJobSpec } from '../platforms/platform.ts';
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
 * `deleteJobHaConfigMapOnceNewClusterCreated`: the job's own HA ConfigMap (its checkpoint pointers)
 * is deleted once the controller created the next JobManager, i.e. after the controller checked
 * that HA metadata exists and before the JobManager recovers from it: a careless cleanup at the
 * wrong moment.
 * `changes` may be a function of the spec the job runs now, read when the fault is injected (a soak
 * upgrades one deployment many times: parallelism 2 → 1, then 1 → 2).
 */
export function upgradeJob(
  changes: Partial<DeploymentSpec> | ((running: DeploymentSpec) => Partial<DeploymentSpec>),
  options: { killControllerMidway?: boolean; deleteJobHaConfigMapOnceNewClusterCreated?: boolean } = {},
): Fault {
  const deletesHa = options.deleteJobHaConfigMapOnceNewClusterCreated === true;
  return {
    name: options.killControllerMidway ? 'upgrade-with-controller-killed' : deletesHa ? 'upgrade-then-job-ha-configmap-deleted' : 'upgrade',
    kind: 'upgrade',
    recovery: 'redeploy',
    check(deployment) {
      requireSpecController(this.name, deployment);
      if (deletesHa && !canDeleteHaMetadata(deployment)) throw new MissingAbilityError(this.name, deployment.platform, 'delete HA metadata');
    },
    async inject({ deployment }) {
      requireSpecController(this.name, deployment);
      const jobId = deployment.jobId;
      let controllerKilledAt: number | undefined;
      const duringUpgrade = options.killControllerMidway ? async () => {
        controllerKilledAt = await deployment.killController();
        progress(`${deployment.spec.name}: killed the operator's pod in the middle of the upgrade`);
      } : undefined;
      let haDeleted: { at: number; deleted: string[] } | undefined;
      const onceNewClusterCreated = deletesHa ? async () => {
        if (!canDeleteHaMetadata(deployment)) throw new MissingAbilityError(this.name, deployment.platform, 'delete HA metadata');
        const at = Date.now();
        const deleted = await deployment.deleteHaMetadata('job');
        if (deleted.length === 0) throw new Error("found no job's HA ConfigMap to delete once the new JobManager was created");
        haDeleted = { at, deleted };
        progress(`${deployment.spec.name}: deleted ${deleted.join(', ')} once the operator had created the new JobManager`);
      } : undefined;
      const change = typeof changes === 'function' ? changes(deployment.spec) : changes;
      const { requestedAt, effectiveAt } = await deployment.upgrade(change, {
        ...(duringUpgrade ? { duringUpgrade } : {}),
        ...(onceNewClusterCreated ? { onceNewClusterCreated } : {}),
      });
      // The operator starts the new cluster once the old one is gone: every checkpoint the old
      // JobManager confirmed until then is in the HA metadata a last-state upgrade recovers from.
      return {
        fault: this.name, at: requestedAt, effectiveAt, restoreBeganAt: effectiveAt,
        detail: { jobId, upgradeMode: deployment.upgradeMode, changes: change, ...(controllerKilledAt ? { controllerKilledAt } : {}), ...(haDeleted ? { haDeletedOnceNewClusterCreated: haDeleted } : {}) },
      };
    },
  };
}


/** A node label no node of any cluster carries: a JobManager pod that must run there stays Pending. */
export const UNSCHEDULABLE_NODE_SELECTOR = 'frh.dev/no-such-node:true';

/**
 * An upgrade whose new JobManager never starts: the spec change pins the JobManager to a node that
 * does not exist (`kubernetes.jobmanager.node-selector`), so its pod stays Pending. The controller
 * stops the old job its way (savepoint mode: a stop-with-savepoint, HA metadata removed). The fault
 * has taken effect once the old job stopped; what follows:
 * - `then: 'rollback'` (with `kubernetes.operator.deployment.rollback.enabled`): the controller is
 *   expected to roll back to the last stable spec once the readiness timeout passed; the fault waits
 *   up to `decisionWithinMs` for its decision (recorded in the detail);
 * - `then: 'revert'`: once the JobManager pod is seen unschedulable, the user takes the change back
 *   (a second upgrade); the fault waits until the controller replaced that pod.
 * A controller that says it will not do either ends the run at once (JobWillNotRunError, TIMEOUT).
 */
export function upgradeWhoseJobManagerNeverStarts(options: { then: 'rollback' | 'revert'; decisionWithinMs?: number }): Fault {
  const within = options.decisionWithinMs ?? 180_000;
  return {
    name: options.then === 'rollback' ? 'upgrade-jobmanager-never-starts' : 'upgrade-jobmanager-never-starts-then-reverted',
    kind: 'upgrade',
    recovery: 'redeploy',
    check(deployment) {
      requireSpecController(this.name, deployment);
    },
    async inject({ deployment }) {
      requireSpecController(this.name, deployment);
      const jobId = deployment.jobId;
      const before = deployment.spec.flinkConfig ?? {};
      const changes: Partial<DeploymentSpec> = { flinkConfig: { ...before, 'kubernetes.jobmanager.node-selector': UNSCHEDULABLE_NODE_SELECTOR } };
      const { requestedAt, effectiveAt } = await deployment.upgrade(changes);
      const detail: Record<string, unknown> = { jobId, upgradeMode: deployment.upgradeMode, changes };
      if (options.then === 'rollback') {
        detail.rollback = await deployment.awaitRollback(within);
      } else {
        const pod = await deployment.awaitUnschedulableJobManager(within);
        progress(`${deployment.spec.name}: the upgraded JobManager ${pod} cannot be scheduled; taking the change back`);
        const revertedAt = Date.now();
        await deployment.upgrade({ flinkConfig: before }, { amendsPrevious: true });
        detail.revert = { unschedulablePod: pod, revertedAt, ...(await deployment.awaitUnschedulableJobManagerReplaced(pod, revertedAt, within)) };
      }
      return { fault: this.name, at: requestedAt, effectiveAt, restoreBeganAt: effectiveAt, detail };
    },
  };
}
