// The doctor reads what teams actually have (issue 27): placeholders of every templating habit are "unresolved:
// cannot judge", never paths; docker compose services with FLINK_PROPERTIES are judged; spec.flinkVersion is
// checked against what each Operator release accepts; Helm values are refused saying what they are and what to pass.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { diagnose } from '../../../harness/doctor/doctor.ts';
import { isPlaceholder, OPERATOR_FLINK_VERSIONS, OPERATOR_RELEASES, parseDocuments } from '../../../harness/doctor/documents.ts';
import { checkDocument } from '../../../harness/doctor/rules.ts';

const corpus = (file: string) => resolve(import.meta.dirname, '../../fixtures/doctor/corpus', file);
const findingsOf = (file: string) => diagnose([corpus(file)]).documents.flatMap((doc) => doc.findings);

describe('placeholders', () => {
  it.each([
    '${STATE_BUCKET}/checkpoints', 's3://$BUCKET/cp', '$(CHECKPOINT_DIR)', '{{ .Values.state.dir }}', '#{CheckpointDir}#', '@state.checkpoints.dir@',
    'CHECKPOINT_DIR_PLACEHOLDER', 's3://BUCKET_PLACEHOLDER/checkpoints', '__HA_DIR__', 's3://__BUCKET__/ha', 's3://<bucket>/checkpoints', '<checkpoint-dir>', 'REPLACE_ME', '%CHECKPOINT_DIR%',
  ])('%s is a placeholder', (value) => expect(isPlaceholder(value)).toBe(true));

  it.each(['s3://flink/checkpoints', 'file:///tmp/flink-checkpoints', '/opt/flink/ha', 'hdfs://namenode:8020/flink/ha', 'kubernetes', '30s', 'RETAIN_ON_CANCELLATION'])('%s is a value', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('a placeholder path is "unresolved: cannot judge", never a container-local path (also unquoted #{…}# and @…@ tokens)', () => {
    const notes = findingsOf('inputs/flinkdeployment-ci-placeholders.yaml');
    expect(notes.every((finding) => finding.severity === 'info')).toBe(true);
    expect(notes.filter((finding) => /unresolved: cannot judge/.test(finding.message)).map((finding) => finding.setting).sort())
      .toEqual(['execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'high-availability.storageDir']);
    expect(notes.map((finding) => finding.message).join('\n')).not.toMatch(/container-local|local to one container/);
    const maven = findingsOf('inputs/vvp-deployment-maven-filtered.yaml');
    expect(maven.find((finding) => finding.rule === 'checkpoint-dir-not-durable')!.message).toBe('state.checkpoints.dir is @state.checkpoints.dir@: unresolved: cannot judge');
  });

  it('a literal local path next to them is still judged', () => {
    const findings = parseDocuments('config.yaml', 'execution.checkpointing.interval: 10s\nexecution.checkpointing.dir: file:///tmp/cp\nexecution.checkpointing.savepoint-dir: ${SAVEPOINTS}\n').flatMap(checkDocument);
    expect(findings.find((finding) => finding.rule === 'checkpoint-dir-not-durable')!.severity).toBe('error');
    expect(findings.find((finding) => finding.rule === 'savepoint-dir-missing')!.severity).toBe('info');
  });
});

describe('docker compose', () => {
  it('judges the JobManager service with its FLINK_PROPERTIES (list entry form), the version from its image', () => {
    const [doc, ...others] = diagnose([corpus('compose/session-cluster-docs.yaml')]).documents;
    expect(others).toEqual([]);
    expect(doc).toMatchObject({ document: 'service jobmanager (FLINK_PROPERTIES)', format: 'Docker Compose service running Flink', flinkVersion: '1.20', versionSource: 'image flink:1.20.0-scala_2.12' });
  });

  it('reads anchors with merge keys and ${VAR:-default} image tags', () => {
    const [doc] = diagnose([corpus('compose/application-minio-zookeeper.yaml')]).documents;
    expect(doc).toMatchObject({ flinkVersion: '1.18', document: 'service jobmanager (FLINK_PROPERTIES)' });
    expect(doc!.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.setting)).toEqual(['state.backend']);
  });

  it('a volume mounted into every Flink service is shared storage; a path outside it is not', () => {
    const findings = findingsOf('compose/local-volume-checkpoints.yaml');
    expect(findings.map((finding) => finding.rule)).not.toContain('checkpoint-dir-not-durable');
    expect(findings.find((finding) => finding.rule === 'savepoint-dir-missing')!.message).toMatch(/^state\.savepoints\.dir is file:\/\/\/opt\/flink\/savepoints, a container-local path/);
    const onlyJobManager = 'services:\n  jobmanager:\n    image: flink:1.19\n    command: jobmanager\n    volumes: [cp:/cp]\n    environment:\n      FLINK_PROPERTIES: "state.checkpoints.dir: file:///cp"\n  taskmanager:\n    image: flink:1.19\n    command: taskmanager\n';
    expect(parseDocuments('docker-compose.yml', onlyJobManager).flatMap(checkDocument).find((finding) => finding.rule === 'checkpoint-dir-not-durable')!.severity).toBe('error');
    const tmpfs = 'services:\n  jobmanager:\n    image: flink:1.19\n    command: jobmanager\n    volumes: [{type: tmpfs, target: /cp}]\n    environment:\n      FLINK_PROPERTIES: "state.checkpoints.dir: file:///cp"\n';
    expect(parseDocuments('docker-compose.yml', tmpfs).flatMap(checkDocument).find((finding) => finding.rule === 'checkpoint-dir-not-durable')!.severity).toBe('error');
  });

  it('a mounted conf directory makes absent settings "cannot judge"; -D arguments are read', () => {
    const [doc] = diagnose([corpus('compose/conf-mounted-placeholders.yaml')]).documents;
    expect(doc!.document).toBe('service jobmanager (-D arguments)');
    expect(doc!.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(doc!.findings.find((finding) => finding.rule === 'ha-off')!.message).toMatch(/^unresolved: cannot judge \(settings come from \.\/conf/);
  });

  it('FLINK_PROPERTIES from an env_file the doctor is not given: absent settings cannot be judged', () => {
    const [doc] = parseDocuments('docker-compose.yml', 'services:\n  jobmanager:\n    image: flink:1.19\n    command: jobmanager\n    env_file: [flink.env]\n');
    expect(doc).toMatchObject({ label: 'service jobmanager (environment from flink.env)', partial: 'env_file flink.env (FLINK_PROPERTIES may be set there)' });
    expect(checkDocument(doc!).filter((finding) => finding.severity !== 'info')).toEqual([]);
  });

  it('a compose file without Flink is refused with the reason', () => {
    expect(() => parseDocuments('docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n')).toThrow(/a docker compose file without a Flink service/);
  });
});

describe('spec.flinkVersion against the Operator releases', () => {
  it('every value is declared from a release the table lists, and the newest Flink values need the newest Operator', () => {
    for (const { from, refusedFrom } of Object.values(OPERATOR_FLINK_VERSIONS)) {
      expect(OPERATOR_RELEASES).toContain(from);
      if (refusedFrom) expect(OPERATOR_RELEASES.indexOf(refusedFrom)).toBeGreaterThan(OPERATOR_RELEASES.indexOf(from));
    }
    expect(OPERATOR_FLINK_VERSIONS.v2_3!.from).toBe('1.15');
  });

  const flinkVersionFinding = (value: string) => parseDocuments('fd.yaml', `apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata: {name: x}\nspec:\n  flinkVersion: ${value}\n  flinkConfiguration: {execution.checkpointing.interval: 10s}\n`).flatMap(checkDocument).find((finding) => finding.rule === 'flink-version-invalid');

  it.each([
    ['v1_14', 'error', /only Operator 1\.0 … 1\.6 deploy it; from 1\.7 on the Operator refuses it/],
    ['v1_12', 'error', /which no Operator release up to 1\.15 declares/],
    ['v1_21', 'error', /which no Operator release up to 1\.15 declares/],
    ['v2_3', 'info', /declared from Operator 1\.15 on/],
    ['"1.17"', 'error', /not one of the Operator's values/],
  ])('%s → %s', (value, severity, message) => {
    expect(flinkVersionFinding(value)).toMatchObject({ severity, message: expect.stringMatching(message) });
  });

  it('values every maintained Operator declares earn nothing', () => {
    expect(flinkVersionFinding('v1_20')).toBeUndefined();
    expect(flinkVersionFinding('v1_17')).toBeUndefined();
  });
});

describe('Helm values are refused saying what they are and what to pass instead', () => {
  it('the Operator chart', () => {
    expect(() => diagnose([corpus('inputs/operator-helm-values.yaml')])).toThrow(/Helm values of the Flink Kubernetes Operator chart .* pass your FlinkDeployment and FlinkSessionJob resources instead/);
  });

  it('a values*.yaml file that is not a Flink configuration is Helm values, even with a single chart key', () => {
    expect(() => parseDocuments('values-prod.yaml', 'image:\n  repository: my/flink-job\njobManager:\n  resource:\n    memory: 2g\njob:\n  upgradeMode: last-state\n')).toThrow(/values-prod\.yaml: Helm chart values \(top-level image\), not a Flink configuration: render the chart \(helm template <release> <chart> -f values-prod\.yaml\)/);
    expect(parseDocuments('values.yaml', 'execution.checkpointing.interval: 10s\n')[0]!.format).toBe('flink-config');
  });

  it('a chart of one\'s own: render it, and where its Flink settings sit', () => {
    expect(() => diagnose([corpus('inputs/flink-chart-helm-values.yaml')])).toThrow(/Helm chart values \(top-level replicaCount, image, serviceAccount, resources\), not a Flink configuration; the Flink settings under flink\.flinkConfiguration reach Flink only through the chart's templates: render the chart \(helm template <release> <chart> -f flink-chart-helm-values\.yaml\)/);
  });
});

describe('snippets copied from documentation', () => {
  it('a FlinkDeployment without apiVersion is still the Operator\'s, its HA given as the factory class', () => {
    const text = [
      'kind: FlinkDeployment', 'metadata:', '  name: snippet', 'spec:', '  flinkVersion: v1_15',
      '  flinkConfiguration:', '    high-availability: org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory',
      '    high-availability.storageDir: s3://bucket/ha', '    state.checkpoints.dir: s3://bucket/checkpoints',
      '  job:', '    jarURI: local:///app/job.jar', '    upgradeMode: last-state', '',
    ].join('\n');
    const [doc, ...rest] = parseDocuments('snippet.yaml', text);
    expect(rest).toEqual([]);
    expect(doc!.format).toBe('flink-deployment');
    expect(doc!.flinkVersion).toBe('1.15');
    const rules = checkDocument(doc!).map((finding) => finding.rule);
    expect(rules).toContain('checkpointing-off');
    expect(rules).not.toContain('ha-off');
  });

  // The shape of a design note found on GitHub (a CDC job's FlinkDeployment, its `spec:` block only).
  const specBlock = [
    'spec:', '  image: registry.example/flink-sql:2.0.1', '  flinkVersion: v2_0', '  flinkConfiguration:',
    '    state.backend.type: rocksdb', '    state.checkpoints.dir: s3://flink/checkpoints', '    execution.checkpointing.interval: 60s',
    '  job:', '    jarURI: local:///opt/flink/lib/sql-runner.jar', '    parallelism: 1', '    upgradeMode: last-state', '',
  ].join('\n');

  it('a FlinkDeployment\'s spec block without kind or metadata is judged as a FlinkDeployment', () => {
    const [doc, ...rest] = parseDocuments('design-note.yaml', specBlock);
    expect(rest).toEqual([]);
    expect(doc!.format).toBe('flink-deployment');
    expect(doc!.label).toBe('design-note.yaml (FlinkDeployment spec without kind)');
    expect(doc!.flinkVersion).toBe('2.0');
    expect(checkDocument(doc!).map((finding) => finding.rule)).toContain('ha-off');
  });

  it('the contents of that block, unindented, too; a FlinkSessionJob\'s by its deploymentName', () => {
    const unwrapped = specBlock.split('\n').slice(1).map((line) => line.slice(2)).join('\n');
    expect(parseDocuments('spec.yaml', unwrapped)[0]!.format).toBe('flink-deployment');
    const sessionJob = parseDocuments('job.yaml', 'spec:\n  deploymentName: session\n  job:\n    jarURI: s3://jars/job.jar\n    upgradeMode: savepoint\n')[0]!;
    expect(sessionJob.label).toBe('job.yaml (FlinkSessionJob spec without kind)');
  });

  it('a docker compose file generated by FreeMarker is read with its directive lines left out (both branches)', () => {
    const text = [
      'services:', '<#if database?? && database>', '  database:', '    image: postgres:16', '</#if>',
      '  jobmanager:', '    image: flink:1.20.1', '    command: jobmanager', '    environment:', '      - |',
      '        FLINK_PROPERTIES=', '        jobmanager.rpc.address: jobmanager', '        execution.checkpointing.interval: 10s', '',
    ].join('\n');
    const [doc] = parseDocuments('docker-compose.yml.ftl', text);
    expect(doc!.format).toBe('docker-compose');
    expect(doc!.config['execution.checkpointing.interval']).toBe('10s');
  });

  it('Helm values that look alike are still refused as Helm values', () => {
    const values = 'image:\n  repository: flink\n  tag: "1.20"\nflinkConfiguration:\n  state.checkpoints.dir: s3://b/cp\njob:\n  upgradeMode: last-state\n';
    expect(() => parseDocuments('values.yaml', values)).toThrow(/Helm chart values/);
  });
});
