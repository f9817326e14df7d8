// The doctor's own corpus of real-world-shaped files (test/fixtures/doctor/corpus/<cause>/), one bad and one
// clean example per rule and per platform default; each file's header names the public layout it imitates.
// Expected: the errors and warnings (notes are not counted), or 'unreadable' (exit 3).
export type Expected = string[] | 'unreadable';

const E = (rule: string, count = 1): string[] => Array(count).fill(`error ${rule}`);
const W = (rule: string, count = 1): string[] => Array(count).fill(`warning ${rule}`);
const WHAT_RUNS_WITH_DEFAULTS = [...E('checkpointing-off'), ...E('retention-not-retained'), ...E('checkpoint-dir-not-durable'), ...E('ha-off'), ...W('savepoint-dir-missing'), ...W('single-retained-checkpoint')];

export const CORPUS: Array<[file: string, expected: Expected]> = [
  // 1. Version assumed, not known
  ['version/flink-conf.1.17-cluster.yaml', []],
  ['version/flink-conf.1.4-era.yaml', []],
  // Renamed in 1.17 (Flink's ConfigOptions): deprecated on 1.17-1.19 too, not only from 1.20.
  ['version/standalone-k8s-flink-1.18.yaml', W('deprecated-key')],
  ['version/vvp-artifact-1.17-new-keys.yaml', [...E('key-not-in-version'), ...W('vvp-kubernetes-ha'), ...W('deprecated-key', 2)]],
  ['version/flinkdeployment-invalid-version.yaml', [...E('flink-version-invalid'), ...W('deprecated-key')]],
  ['version/flinkdeployment-v2_0-old-keys.yaml', W('deprecated-key', 2)],
  // 2. Platform defaults
  ['platform/flinkdeployment-session.yaml', []],
  ['platform/flinkdeployment-session-local-checkpoints.yaml', E('checkpoint-dir-not-durable')],
  ['platform/flinkdeployment-delete-on-cancel.yaml', E('retention-not-retained')],
  ['platform/vvp-blob-storage.yaml', W('deprecated-key', 2)],
  ['platform/vvp-restore-default.yaml', W('deprecated-key', 2)],
  ['platform/vvp-local-checkpoints.yaml', [...E('checkpoint-dir-not-durable'), ...W('deprecated-key')]],
  ['platform/flinkdeployment-pvc-state.yaml', []],
  ['platform/flinksessionjob-stateless.yaml', E('restore-strategy')],
  ['platform/flinksessionjob-last-state.yaml', []],
  ['platform/flinkdeployment-hostpath-state.yaml', [...E('checkpoint-dir-not-durable'), ...E('ha-storage-not-durable'), ...W('savepoint-dir-missing')]],
  // 3. Multi-document manifests: judge what runs
  ['manifests/flink-2.0-legacy-configmap.yaml', [...E('legacy-config-file'), ...WHAT_RUNS_WITH_DEFAULTS]],
  ['manifests/configmap-not-mounted.yaml', [...W('configmap-not-mounted'), ...WHAT_RUNS_WITH_DEFAULTS]],
  ['manifests/flink-properties-no-cluster-id.yaml', E('ha-cluster-id-missing')],
  ['manifests/standalone-ha-1.20.yaml', []],
  ['manifests/application-from-savepoint-no-ha.yaml', [...E('ha-off'), ...W('fixed-recovery-path')]],
  // 4. Old aliases
  ['aliases/zookeeper-storagedir-local.flink-conf.yaml', E('ha-storage-not-durable')],
  ['aliases/zookeeper-storagedir-hdfs.flink-conf.yaml', []],
  ['aliases/recovery-mode-1.1.flink-conf.yaml', []],
  // 5. Inputs refused or read for what they are
  ['inputs/vvp-helm-values.yaml', 'unreadable'],
  ['inputs/operator-helm-values.yaml', 'unreadable'],
  ['inputs/operator-config-configmap.yaml', 'unreadable'],
  ['inputs/vvp-deployment-body.yaml', W('deprecated-key')],
  ['inputs/vvp-deployment-body-no-restore-dir.yaml', [...E('restore-strategy'), ...W('deprecated-key')]],
  ['inputs/placeholders.config.yaml', []],
  ['inputs/helm-template-configmap.yaml', []],
  ['inputs/flink-conf-production.yaml', []],
  ['inputs/vpdeployment-crd.yaml', W('deprecated-key')],
  ['inputs/vpdeployment-restore-none.yaml', [...E('restore-strategy'), ...W('deprecated-key')]],
  // 6. What teams actually have (issue 27): placeholders of CI pipelines, docker compose, Operator releases, chart values
  ['inputs/flinkdeployment-ci-placeholders.yaml', []],
  ['inputs/vvp-deployment-maven-filtered.yaml', []],
  ['inputs/flink-chart-helm-values.yaml', 'unreadable'],
  ['compose/session-cluster-docs.yaml', WHAT_RUNS_WITH_DEFAULTS],
  ['compose/application-minio-zookeeper.yaml', W('deprecated-key')],
  ['compose/local-volume-checkpoints.yaml', [...E('ha-off'), ...W('savepoint-dir-missing')]],
  ['compose/conf-mounted-placeholders.yaml', []],
  ['version/flinkdeployment-v1_14-refused.yaml', E('flink-version-invalid')],
  ['version/flinkdeployment-v2_3.yaml', []],
];
