// A real operator upgrade while a last-state job runs: the deployment starts on operator 1.3.0
// (built only on request: images/build.sh operator-1.3.0, ./run nightly does), the operator is
// replaced by 1.7.0 (same namespace, same FlinkDeployment; the CRDs on the cluster are 1.7.0's, a
// superset of 1.3.0's), and the next last-state upgrade, carried out by 1.7.0, must restore the
// newest checkpoint of the job 1.3.0 started. The resource keeps flinkVersion v1_16 (the newest
// 1.3.0 knows; Flink 1.20 runs under it), as a user's resource would after the operator upgrade.
// Operator 1.3.0 (Flink 1.15 client classes) decides "HA on" from the key `high-availability` only
// (FlinkUtils.isKubernetesHAActivated: HA_MODE equals "kubernetes" or the factory's class name); the
// harness writes `high-availability.type` (Flink >= 1.17), so without the old key 1.3.0 refuses the
// resource: "Job could not be upgraded with last-state while Kubernetes HA disabled" (seen in run
// up1). The old key is set as well; Flink 1.20 reads it as a deprecated alias of the same option.
//
// Observed (run up1, 2026-11-29, local cluster, Flink 1.20.0): as expected, PASS. 1.3.0 started job
// d15b83a5… (35 s); the operator pod was replaced by 1.7.0 (ready after 10 s, job still RUNNING,
// no restart); checkpoints went on (chk-7); 1.7.0 carried out the last-state upgrade (parallelism
// 2 → 1) with a new JobManager under the same job id and restored chk-7, the newest at the fault:
// restored-is-expected, _metadata id, probe metric, output continuity (470 records, no gap or
// duplicate) and the JobManager log agree. Whole scenario 97 s.
import { test } from 'vitest';
import { scenario } from '../../harness/scenario/vitest.ts';
import { scenarioCollector } from '../../harness/scenario/catalog-collector.ts';
import { checkpointCompletes, controllerReplaced, type Step } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import { imageFor } from '../../harness/platforms/images.ts';
import { builtOperatorImage } from '../../harness/platforms/operator/operator-platform.ts';
import { platformName } from '../../harness/scenario/environment.ts';

const FROM = '1.3.0';
const TO = '1.7.0';

/** controllerReplaced with operator-<to>, its image looked up when the step runs (not at import). */
function operatorUpgradedTo(version: string): Step {
  return {
    name: 'controller-upgraded',
    run(context) {
      const step = controllerReplaced(imageFor(`operator-${version}`));
      return step.run.call(step, context);
    },
  };
}

const title = `Operator upgraded ${FROM} → ${TO} while a last-state job runs, then a last-state upgrade → restores the newest checkpoint`;

if (builtOperatorImage(FROM) || scenarioCollector()) {
  scenario({
    id: 'op-operator-upgraded-1.3-to-1.7',
    title,
    platforms: ['operator'],
    deployment: { upgradeMode: 'last-state', operatorVersion: FROM, flinkConfig: { 'high-availability': 'kubernetes' } },
    strategy: 'LAST_STATE',
    before: [checkpointCompletes(), operatorUpgradedTo(TO), checkpointCompletes()],
    fault: upgradeJob({ parallelism: 1 }),
    expect: { verdict: 'PASS', restored: 'checkpoint' },
  });
} else {
  test.skip(`${title} [${platformName()}] — skipped: image operator-${FROM} is not built here (images/build.sh operator-${FROM}; ./run nightly builds it)`);
}
