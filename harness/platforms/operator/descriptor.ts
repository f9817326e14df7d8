// The Flink Kubernetes Operator as the house sees it (descriptor.ts): a FlinkDeployment per
// deployment, with its own operator, in a labelled namespace on the run's cluster.
import { resolve } from 'node:path';
import type { PlatformDescriptor } from '../descriptor.ts';
import { OPERATOR_FLINK_VERSION } from '../deployment-spec.ts';
import { clusterOfRun, namespaceCleanup } from '../on-cluster/cluster.ts';
import { quoteSetting } from '../../support/errors.ts';
import { operatorImagesNeeded } from './images-needed.ts';
import { OPERATOR_RESTORE_SEMANTICS } from './restore-semantics.ts';
import { FLINK_DEPLOYMENT_VARIABLE, newestFlinkVersionOfRun, readUserFlinkDeployment } from './user-flink-deployment.ts';

async function runCluster(env: NodeJS.ProcessEnv, flinkVersions: string[]) {
  const { OperatorPlatform } = await import('./operator-platform.ts');
  return { OperatorPlatform, ...await clusterOfRun(env, OperatorPlatform.images(flinkVersions, env)) };
}

export const operatorPlatform: PlatformDescriptor = {
  name: 'operator',
  title: 'Operator',
  summary: 'a FlinkDeployment under the Flink Kubernetes Operator; the operator stops and restores jobs',
  runsOn: 'kubernetes-cluster',
  // The operator drives Flink 1.20 at most.
  defaultFlinkVersion: OPERATOR_FLINK_VERSION,
  // Under the Operator the operator resumes, so a scenario names this platform when its faults are
  // ones a user of the operator meets (a pod lost, a spec changed).
  runsUnnamedScenarios: false,
  ownScenarioFolder: 'scenarios/operator',
  vitestProject: {
    name: 'operator',
    ci: {
      variable: 'FRH_OPERATOR_SCENARIOS',
      include: [
        'scenarios/operator/02-savepoint-suspend-resume.scenario.ts',
        'scenarios/operator/03-last-state-parallelism-change.scenario.ts',
        'scenarios/operator/z1-stateless-where-state-wanted.scenario.ts',
      ],
      why: "one suspend (savepoint mode: the operator's own record is a witness), one upgrade (last-state) and one zoo case; the last-state suspend runs as test/integration/kubernetes/operator-smoke.test.ts",
    },
  },
  userJob: { runs: false, why: "on the operator platform a user's job comes in its own FlinkDeployment: give flinkDeployment (or --flink-deployment) instead of userJob" },
  // A soak's faults here: pods lost (the kills) and the spec changed by a user (suspend, upgrade),
  // whose restores the operator decides and are judged by its upgradeMode (restoreSemantics).
  soak: { runs: true, defaultFaults: ['taskmanager', 'jobmanager', 'suspend', 'upgrade'] },
  options: [{
    flag: 'flink-deployment',
    variable: FLINK_DEPLOYMENT_VARIABLE,
    refusedOn: (platform) => `a FlinkDeployment runs on the operator platform only (the platform is ${platform}); add --platform operator`,
    // A FlinkDeployment the operator in use accepts; made absolute for vitest's workers.
    check(given, name, env) {
      const file = resolve(given);
      readUserFlinkDeployment(file, newestFlinkVersionOfRun(undefined, env), quoteSetting(name, given));
      return file;
    },
    scenarioField: {
      field: 'flinkDeployment',
      refusal: 'a FlinkDeployment runs on the operator platform only: add platforms: [operator]',
      refusedOnSpec: (platform) => `a FlinkDeployment runs on the operator platform only, not on ${platform}`,
      checkFile: (path, deployment, env) => void readUserFlinkDeployment(path, newestFlinkVersionOfRun(deployment.operatorVersion, env), path),
    },
  }],
  // Its FlinkDeployment's spec.job.upgradeMode, as the oracle judges the operator's own stops and
  // restarts: its record of a stop that took no savepoint carries the strategy (stop-savepoint.ts).
  restoreSemantics: OPERATOR_RESTORE_SEMANTICS,
  defaultParallelism: () => 1,
  imagesNeeded: operatorImagesNeeded,
  deploymentClass: async () => (await import('./operator-deployment.ts')).OperatorDeployment,
  async prepareRun({ env, flinkVersions }) {
    await runCluster(env, flinkVersions);
  },
  async create({ runId, env, flinkVersions }) {
    const { OperatorPlatform, cluster, provider } = await runCluster(env, flinkVersions);
    return new OperatorPlatform({ runId, cluster, loadImages: (images) => provider.loadImages(images) });
  },
  cleanup: namespaceCleanup('operator'),
};
