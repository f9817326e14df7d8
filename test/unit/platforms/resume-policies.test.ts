import { describe, expect, it } from 'vitest';
import { choose, lineageSnapshots, type LineageSnapshot } from '../../../harness/platforms/resume/latest-state.ts';
import { lexicographic, oldestSavepoint, savepointBlind, secondNewest } from '../../../harness/platforms/resume/seeded-defects.ts';
import { resumeDecider, type ResumeContext } from '../../../harness/platforms/resume/resume.ts';
import type { StorageInspector, StoredSnapshot } from '../../../harness/storage/inspector.ts';
import { storagePaths } from '../../../harness/platforms/generations.ts';

const JOB_1 = 'aaaaaa11111111111111111111111111';
const JOB_2 = 'bbbbbb22222222222222222222222222';
const FOREIGN = 'cccccc33333333333333333333333333';

const chk = (jobId: string, id: number, at: number, problem?: string): StoredSnapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${jobId}/chk-${id}`, jobId, completedAt: at, seenBy: ['storage'], ...(problem ? { problem } : {}) });
const sp = (jobId: string, id: number, at: number): StoredSnapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${jobId.slice(0, 6)}-${id}0000000`, jobIdPrefix: jobId.slice(0, 6), completedAt: at, seenBy: ['storage'] });
const inLineage = (generation: number, snapshot: StoredSnapshot): LineageSnapshot => ({ ...snapshot, generation });

/** Storage as the inspector answers it; only what the policies read. */
function storageHolding(snapshots: StoredSnapshot[]): StorageInspector {
  return {
    retainedCheckpoints: async (_dir: string, jobId?: string) => snapshots.filter((s) => s.kind === 'checkpoint' && (!jobId || s.jobId === jobId)),
    savepoints: async () => snapshots.filter((s) => s.kind === 'savepoint'),
    metadataAt: async (path: string) => ({ exists: true, checkpointId: Number(/(\d+)\D*$/.exec(path)?.[1]) }),
  } as unknown as StorageInspector;
}

function context(snapshots: StoredSnapshot[], lineageJobIds = [JOB_1, JOB_2]): ResumeContext {
  return {
    deployment: 'd', storage: storageHolding(snapshots), paths: storagePaths(), lineageJobIds, clusterId: 'd-g2', nextGeneration: 3,
    s3: { endpoint: 'http://127.0.0.1:9', accessKey: 'a', secretKey: 's' },
  };
}

describe('the reference resume policies (Ververica restore strategies)', () => {
  const lineage = [inLineage(1, chk(JOB_1, 9, 9_000)), inLineage(1, chk(JOB_1, 10, 10_000)), inLineage(1, sp(JOB_1, 8, 8_000))];

  it('LATEST_STATE takes the newest snapshot by id within a job (chk-10 over chk-9, a savepoint when newest)', () => {
    expect(choose('LATEST_STATE', lineage)).toMatchObject({ kind: 'checkpoint', id: 10 });
    expect(choose('LATEST_STATE', [...lineage, inLineage(1, sp(JOB_1, 11, 11_000))])).toMatchObject({ kind: 'savepoint', id: 11 });
    expect(choose('LATEST_SAVEPOINT', lineage)).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(choose('NONE', lineage)).toEqual({ kind: 'none' });
    expect(choose('LATEST_STATE', [])).toEqual({ kind: 'none' });
  });

  it('ids order a generation even where storage times, rounded to the second, say otherwise', () => {
    expect(choose('LATEST_STATE', [inLineage(1, chk(JOB_1, 5, 2_000)), inLineage(1, sp(JOB_1, 6, 1_000))])).toMatchObject({ kind: 'savepoint', id: 6 });
  });

  it('a later generation is newer even when its ids restarted after an empty start', () => {
    expect(choose('LATEST_STATE', [inLineage(1, chk(JOB_1, 50, 1_000)), inLineage(2, chk(JOB_2, 3, 2_000))])).toMatchObject({ id: 3 });
  });

  it('reads only the deployment’s own lineage: another job’s newer checkpoint or savepoint in the bucket is never chosen', async () => {
    const stored = [chk(JOB_1, 4, 1_000), sp(JOB_2, 7, 2_000), chk(FOREIGN, 90, 9_000), sp(FOREIGN, 91, 9_500)];
    const own = await lineageSnapshots(context(stored));
    expect(own.map((s) => s.path).sort()).toEqual([chk(JOB_1, 4, 0).path, sp(JOB_2, 7, 0).path].sort());
    await expect(resumeDecider({ policy: 'LATEST_STATE' }).choose(context(stored))).resolves.toMatchObject({ kind: 'savepoint', id: 7 });
  });

  it('leaves out a checkpoint whose _metadata disagrees with its directory', async () => {
    const stored = [chk(JOB_1, 4, 1_000), chk(JOB_1, 5, 2_000, 'header says checkpoint 1')];
    await expect(resumeDecider({ policy: 'LATEST_STATE' }).choose(context(stored, [JOB_1]))).resolves.toMatchObject({ id: 4 });
  });

  it('counts the initial savepoint as the oldest state of the lineage', async () => {
    const initial = { kind: 'savepoint' as const, id: 3, path: 's3://flink/savepoints/savepoint-000000-initial' };
    await expect(resumeDecider({ policy: 'LATEST_STATE' }).choose({ ...context([], [JOB_1]), initialRestore: initial })).resolves.toEqual(initial);
  });
});

describe('the seeded resume defects (broken on purpose)', () => {
  it('each really chooses wrongly', () => {
    const lineage = [inLineage(1, sp(JOB_1, 8, 8_000)), inLineage(1, chk(JOB_1, 9, 9_000)), inLineage(1, chk(JOB_1, 10, 10_000))];
    expect(secondNewest(lineage)).toMatchObject({ id: 9 });
    expect(lexicographic(lineage.filter((s) => s.kind === 'checkpoint'))).toMatchObject({ id: 9 });
    expect(savepointBlind([...lineage, inLineage(1, sp(JOB_1, 11, 11_000))])).toMatchObject({ kind: 'checkpoint', id: 10 });
    expect(oldestSavepoint([...lineage, inLineage(1, sp(JOB_1, 11, 11_000))])).toMatchObject({ kind: 'savepoint', id: 8 });
  });
});

describe('the team’s resume command', () => {
  it('deploys the path it prints last, with the id its _metadata names', async () => {
    const decider = resumeDecider({ command: 'echo looking; echo "$FRH_SAVEPOINTS_DIR/savepoint-aaaaaa-12"' });
    await expect(decider.choose(context([]))).resolves.toEqual({ kind: 'savepoint', id: 12, path: 's3://flink/savepoints/savepoint-aaaaaa-12' });
  });

  it('sees the deployment’s lineage, storage and credentials in its environment', async () => {
    const decider = resumeDecider({ command: 'test "$FRH_JOB_IDS" = "' + `${JOB_1},${JOB_2}` + '" && test "$AWS_ACCESS_KEY_ID" = a && test "$FRH_GENERATION" = 3 && echo none' });
    await expect(decider.choose(context([]))).resolves.toEqual({ kind: 'none' });
  });

  it('a failing command or one that prints no path is an error naming the command', async () => {
    await expect(resumeDecider({ command: 'echo broken >&2; exit 3' }).choose(context([]))).rejects.toThrow(/resume command "echo broken >&2; exit 3" failed: broken/);
    await expect(resumeDecider({ command: 'echo chk-7' }).choose(context([]))).rejects.toThrow(/printed "chk-7" last/);
  });
});
