// The operator-entries witness reads the restored snapshot's `_metadata` and the first checkpoint's
// after the restore; when few checkpoints are retained that one may already be subsumed and
// deleted, and the newest completed one stands in for it. Real files (test/fixtures/metadata).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorEntriesAcross } from '../../../harness/scenario/observe.ts';
import { StorageNotFoundError } from '../../../harness/storage/errors.ts';
import { operatorIdOfUid } from '../../../harness/flink/operator-id.ts';
import type { Deployment } from '../../../harness/platforms/platform.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/metadata/2.1.0');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(FIXTURES, `${name}.metadata`)));
const SAVEPOINT = 's3://flink/savepoints/savepoint-1';
const FIRST = { id: 12, external_path: 's3://flink/checkpoints/j2/chk-12' };
const NEWEST = { id: 14, external_path: 's3://flink/checkpoints/j2/chk-14/' };

function deployment(files: Record<string, Uint8Array>, droppedOperators?: string[]): Deployment {
  return {
    spec: { droppedOperators },
    storage: {
      metadataBytes: async (path: string) => {
        const bytes = files[path];
        if (!bytes) throw new StorageNotFoundError('GetObject', `${path}/_metadata`);
        return bytes;
      },
    },
    rest: { checkpoints: async () => ({ latest: { completed: NEWEST } }) },
  } as unknown as Deployment;
}

describe('operatorEntriesAcross', () => {
  it('lists the restored snapshot and the first checkpoint after it, with the dropped operators as ids', async () => {
    const entries = await operatorEntriesAcross(deployment({ [SAVEPOINT]: file('hashmap-stop-savepoint'), [FIRST.external_path]: file('hashmap-after-count-uid-changed') }, ['records-seen-counter']), 'j2', SAVEPOINT, FIRST);
    expect(entries).toMatchObject({ restoredPath: SAVEPOINT, checkpointId: 12, checkpointPath: FIRST.external_path, dropped: [{ ref: 'records-seen-counter', operatorId: operatorIdOfUid('records-seen-counter') }] });
    expect(entries.before.length).toBeGreaterThan(0);
    expect(entries.after.map((e) => e.uid)).toContain('records-seen-counter-renamed');
  });

  it('reads the newest completed checkpoint when the first one after the restore was subsumed and deleted', async () => {
    const entries = await operatorEntriesAcross(deployment({ [SAVEPOINT]: file('hashmap-stop-savepoint'), 's3://flink/checkpoints/j2/chk-14': file('hashmap-checkpoint') }), 'j2', SAVEPOINT, FIRST);
    expect(entries).toMatchObject({ checkpointId: 14, checkpointPath: 's3://flink/checkpoints/j2/chk-14', dropped: [] });
  });

  it('fails (an unreadable witness) when neither is there, or the checkpoint has no path in storage', async () => {
    await expect(operatorEntriesAcross(deployment({ [SAVEPOINT]: file('hashmap-stop-savepoint') }), 'j2', SAVEPOINT, FIRST)).rejects.toThrow(StorageNotFoundError);
    await expect(operatorEntriesAcross(deployment({ [SAVEPOINT]: file('hashmap-stop-savepoint') }), 'j2', SAVEPOINT, { id: 12, external_path: '<checkpoint-without-metadata>' })).rejects.toThrow('checkpoint 12 after the restore has no readable _metadata (external path <checkpoint-without-metadata>)');
  });
});
