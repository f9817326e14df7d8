// The storage witness against a real MinIO: bucket and object helpers, the inspector's view of
// Flink's layout (numeric chk-9 < chk-10 ordering, headers), probe output, and credential errors.
// Needs the frh/minio image (images/build.sh): fails, never skips, when it is missing.
// MinIO runs on its own labelled network, reached like the Docker platform reaches it (network-access.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedTestContainer } from 'testcontainers';
import { LoopbackContainer } from '../../../harness/platforms/docker/loopback-container.ts';
import { createNetwork, docker } from '../../../harness/platforms/docker/docker-api.ts';
import { NetworkAccess } from '../../../harness/platforms/docker/network-access.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import { imageFor } from '../../../harness/platforms/images.ts';
import { ownedLabels } from '../../../harness/platforms/docker/labels.ts';
import { createS3Client, deleteObjects, ensureBucket, getText, listObjects, putBytes, putText } from '../../../harness/storage/s3.ts';
import { StorageAccessDeniedError, StorageNotFoundError } from '../../../harness/storage/errors.ts';
import { encodeMetadataHeader } from '../../../harness/storage/metadata.ts';
import { StorageInspector } from '../../../harness/storage/inspector.ts';
import { readProbeOutput } from '../../../harness/storage/probe-output.ts';
import { mapLimit } from '../../../harness/storage/map-limit.ts';

const USER = 'frh-test';
const PASSWORD = 'frh-test-secret';
const BUCKET = 'flink';
const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const RUN_ID = process.env.FRH_RUN_ID ?? 'storage-integration';
const NETWORK = `frh-${RUN_ID}-storage-${process.pid}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60);
let networkId = '';
let minio: StartedTestContainer | undefined;
let endpoint = '';
let s3: S3Client;
const problems: string[] = [];
let inspector: StorageInspector;

beforeAll(async () => {
  const image = imageFor('minio'); // throws MissingImageError when images/.built/images.json lacks it
  const labels = ownedLabels(RUN_ID, 'storage-integration');
  const access = new NetworkAccess(NETWORK);
  networkId = (await createNetwork(NETWORK, labels, { internal: access.internal })).id;
  minio = await access.expose(new LoopbackContainer(image), 9000)
    .withNetworkMode(NETWORK)
    .withCommand(['server', '/data'])
    .withEnvironment({ MINIO_ROOT_USER: USER, MINIO_ROOT_PASSWORD: PASSWORD })
    .withLabels(labels)
    .withWaitStrategy(access.httpReady('/minio/health/live', 9000))
    .start();
  endpoint = await access.urlOf(minio, 9000);
  s3 = createS3Client({ endpoint, accessKey: USER, secretKey: PASSWORD });
  inspector = new StorageInspector(s3, { onProblem: (line) => problems.push(line) });
  await ensureBucket(s3, BUCKET);
});

afterAll(async () => {
  try {
    await minio?.stop({ remove: true, removeVolumes: true, timeout: 0 });
  } catch (error) {
    console.error(`could not stop MinIO: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (networkId) await docker().getNetwork(networkId).remove().catch((error: Error) => console.error(`could not remove network ${NETWORK}: ${error.message}`));
});

describe('S3 helpers on MinIO', () => {
  it('ensureBucket is idempotent', async () => {
    await ensureBucket(s3, BUCKET);
    await ensureBucket(s3, 'second-bucket');
    await ensureBucket(s3, 'second-bucket');
  });

  it('puts, reads and deletes text; a missing object is StorageNotFoundError', async () => {
    await putText(s3, BUCKET, 'control/fail', 'once');
    expect(await getText(s3, BUCKET, 'control/fail')).toBe('once');
    await deleteObjects(s3, BUCKET, ['control/fail']);
    await expect(getText(s3, BUCKET, 'control/fail')).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it('lists past one page (1000 keys) with sizes and times', async () => {
    const keys = Array.from({ length: 1_005 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    await mapLimit(keys, 32, (key) => putText(s3, BUCKET, key, 'xy'));
    const listed = await listObjects(s3, BUCKET, 'many/');
    expect(listed).toHaveLength(1_005);
    expect(listed[0]).toMatchObject({ key: 'many/0000', size: 2 });
    expect(listed[0]?.lastModified).toBeGreaterThan(Date.now() - 600_000);
    await deleteObjects(s3, BUCKET, keys);
    expect(await listObjects(s3, BUCKET, 'many/')).toEqual([]);
  });

  it('reports wrong credentials as StorageAccessDeniedError', async () => {
    const wrong = createS3Client({ endpoint, accessKey: USER, secretKey: 'not-the-secret', maxAttempts: 1 });
    await expect(listObjects(wrong, BUCKET, '')).rejects.toBeInstanceOf(StorageAccessDeniedError);
    await expect(ensureBucket(wrong, BUCKET)).rejects.toBeInstanceOf(StorageAccessDeniedError);
    const unknownUser = createS3Client({ endpoint, accessKey: 'nobody', secretKey: 'x', maxAttempts: 1 });
    const error = await getText(unknownUser, BUCKET, 'anything').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expect((error as Error).message).toContain(`S3 storage at ${endpoint} denied GetObject flink/anything`);
  });
});

describe('StorageInspector on MinIO', () => {
  beforeAll(async () => {
    for (const id of [9, 10, 2]) await putBytes(s3, BUCKET, `checkpoints/${JOB}/chk-${id}/_metadata`, encodeMetadataHeader(id));
    await putText(s3, BUCKET, `checkpoints/${JOB}/chk-11/op-state-file`, 'in progress: no _metadata yet');
    await putText(s3, BUCKET, `checkpoints/${JOB}/shared/sst-1`, 'shared state');
    await putBytes(s3, BUCKET, `checkpoints/${JOB}/chk-12/_metadata`, encodeMetadataHeader(13));
    await putBytes(s3, BUCKET, 'checkpoints/ffffffffffffffffffffffffffffffff/chk-1/_metadata', encodeMetadataHeader(1));
    await putBytes(s3, BUCKET, 'savepoints/savepoint-a1b2c3-00000000000a/_metadata', encodeMetadataHeader(10));
    await putBytes(s3, BUCKET, 'savepoints/savepoint-a1b2c3-00000000000b/_metadata', encodeMetadataHeader(4, 4));
    await putText(s3, BUCKET, 'savepoints/savepoint-a1b2c3-00000000000c/_metadata', 'PK not a header');
  });

  it('lists one job\'s retained checkpoints in numeric order: chk-9 before chk-10', async () => {
    const checkpoints = await inspector.retainedCheckpoints(`s3://${BUCKET}/checkpoints`, JOB);
    expect(checkpoints.map((c) => c.id)).toEqual([2, 9, 10, 12]);
    expect(checkpoints[1]).toMatchObject({ kind: 'checkpoint', id: 9, path: `s3://${BUCKET}/checkpoints/${JOB}/chk-9`, jobId: JOB, seenBy: ['storage'], metadataVersion: 3 });
    expect(checkpoints[1]?.completedAt).toBeGreaterThan(0);
    expect(checkpoints.at(-1)?.problem).toBe('header says checkpoint 13');
    expect(problems.some((p) => p.includes('chk-12/_metadata: header says checkpoint 13'))).toBe(true);
  });

  it('lists every job\'s checkpoints without a job id, keeping the scheme it was given', async () => {
    const checkpoints = await inspector.retainedCheckpoints(`s3p://${BUCKET}/checkpoints/`);
    expect(checkpoints.map((c) => `${c.jobId?.slice(0, 4)}:${c.id}`)).toEqual(['ffff:1', 'a1b2:2', 'a1b2:9', 'a1b2:10', 'a1b2:12']);
    expect(checkpoints[0]?.path).toBe(`s3p://${BUCKET}/checkpoints/ffffffffffffffffffffffffffffffff/chk-1`);
  });

  it('lists savepoints by the id in their header and reports an unreadable one', async () => {
    const savepoints = await inspector.savepoints(`s3://${BUCKET}/savepoints`);
    expect(savepoints.map((s) => [s.id, s.path])).toEqual([
      [4, `s3://${BUCKET}/savepoints/savepoint-a1b2c3-00000000000b`],
      [10, `s3://${BUCKET}/savepoints/savepoint-a1b2c3-00000000000a`],
    ]);
    expect(savepoints[0]).toMatchObject({ kind: 'savepoint', jobIdPrefix: 'a1b2c3', metadataVersion: 4, seenBy: ['storage'] });
    expect(problems.some((p) => p.includes('savepoint-a1b2c3-00000000000c/_metadata: not a Flink _metadata file'))).toBe(true);
  });

  it('reads the metadata at a path, or says nothing is there', async () => {
    const at = await inspector.metadataAt(`s3://${BUCKET}/checkpoints/${JOB}/chk-10/`);
    expect(at).toMatchObject({ exists: true, checkpointId: 10, version: 3 });
    expect(at.lastModified).toBeGreaterThan(0);
    expect(await inspector.metadataAt(`s3://${BUCKET}/checkpoints/${JOB}/chk-10/_metadata`)).toMatchObject({ checkpointId: 10 });
    expect(await inspector.metadataAt(`s3://${BUCKET}/checkpoints/${JOB}/chk-11`)).toEqual({ exists: false });
  });

  it('filters snapshots by completion time', async () => {
    const dirs = { checkpoints: `s3://${BUCKET}/checkpoints`, savepoints: `s3://${BUCKET}/savepoints`, jobId: JOB };
    expect(await inspector.snapshotsAt(0, dirs)).toEqual([]);
    const now = await inspector.snapshotsAt(Date.now() + 60_000, dirs);
    expect(now.map((s) => `${s.kind}:${s.id}`)).toEqual(['checkpoint:2', 'savepoint:4', 'checkpoint:9', 'checkpoint:10', 'savepoint:10', 'checkpoint:12']);
  });
});

describe('readProbeOutput on MinIO', () => {
  it('reads committed part files only, with their commit times, and reports malformed lines', async () => {
    const writtenFrom = Date.now();
    await putText(s3, BUCKET, 'output/part-7f3a-0-0', 'k1,1,1,-1,v1\nk1,2,2,-1,v1\n');
    await putText(s3, BUCKET, 'output/part-7f3a-1-0', 'k2,1,1,-1,v1\nbroken line\n');
    await putText(s3, BUCKET, 'output/.part-7f3a-0-1.inprogress.0d9e', 'k1,3,3,-1,v1\n');
    const output = await readProbeOutput(s3, `s3://${BUCKET}/output`);
    expect(output.files).toBe(2);
    expect(output.records.map((r) => `${r.key}:${r.seq}@${r.file}`)).toEqual(['k1:1@part-7f3a-0-0', 'k1:2@part-7f3a-0-0', 'k2:1@part-7f3a-1-0']);
    expect(output.malformed).toEqual([{ file: 'part-7f3a-1-0', line: 2, text: 'broken line', reason: 'expected 5 fields, got 1' }]);
    // The order output was written in (a soak's next fault continues from each key's last record).
    expect(Object.keys(output.committedAt).sort()).toEqual(['part-7f3a-0-0', 'part-7f3a-1-0']);
    for (const at of Object.values(output.committedAt)) expect(Math.abs(at - writtenFrom)).toBeLessThan(60_000);
    expect(await readProbeOutput(s3, `s3://${BUCKET}/no-output-yet`)).toEqual({ records: [], files: 0, committedAt: {}, malformed: [] });
  });
});
