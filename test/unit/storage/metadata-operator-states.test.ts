// The full operator listing of real `_metadata` files written by Flink 1.20 (format 4), 2.0 (5)
// and 2.1 (6), recorded by test/fixtures/record-metadata.ts from the example windowed-count job:
// every operator, chained ones too, with the state it holds; and what the listing makes visible
// that the head-operator reader (operatorIdsIn) cannot: the chained counter's dropped state.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdsState, operatorStatesIn, type MetadataOperatorState } from '../../../harness/storage/metadata-operators.ts';
import { MetadataFormatError, operatorIdsIn, parseMetadataHeader } from '../../../harness/storage/metadata.ts';
import { operatorIdOfUid } from '../../../harness/flink/operator-id.ts';
import { statefulOperatorsKept } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/metadata');
const FORMAT_OF: Record<string, number> = { '1.20.0': 4, '2.0.0': 5, '2.1.0': 6 };
const VERSIONS = Object.keys(FORMAT_OF);
const read = (version: string, name: string): Uint8Array => new Uint8Array(readFileSync(resolve(FIXTURES, version, `${name}.metadata`)));
const files = (version: string): string[] => readdirSync(resolve(FIXTURES, version)).filter((f) => f.endsWith('.metadata')).map((f) => f.replace(/\.metadata$/, ''));
const byUid = (entries: MetadataOperatorState[], uid: string): MetadataOperatorState | undefined => entries.find((e) => e.operatorId === operatorIdOfUid(uid));
const COUNTER = 'records-seen-counter';

describe.each(VERSIONS)('the operator listing of _metadata written by Flink %s', (version) => {
  it('has every fixture the recording script writes', () => {
    expect(existsSync(resolve(FIXTURES, version))).toBe(true);
    expect(files(version).sort()).toEqual(['hashmap-after-count-uid-changed', 'hashmap-checkpoint', 'hashmap-savepoint-canonical', 'hashmap-savepoint-native', 'hashmap-stop-savepoint', 'rocksdb-incremental-checkpoint', 'rocksdb-incremental-savepoint-native']);
  });

  it.each(['hashmap-checkpoint', 'hashmap-savepoint-canonical', 'hashmap-savepoint-native', 'hashmap-stop-savepoint', 'rocksdb-incremental-checkpoint', 'rocksdb-incremental-savepoint-native'])('lists the source, the chained counter and the window with their state in %s', (name) => {
    const bytes = read(version, name);
    expect(parseMetadataHeader(bytes).version).toBe(FORMAT_OF[version]);
    const entries = operatorStatesIn(bytes);
    const source = byUid(entries, 'sequence-source');
    const counter = byUid(entries, COUNTER);
    const window = byUid(entries, 'window-count');
    expect(source).toMatchObject({ parallelism: 2, coordinator: true, managedKeyed: 0 });
    expect(source!.managedOperator).toBeGreaterThan(0);
    expect(counter).toMatchObject({ parallelism: 2, managedOperator: 2, managedKeyed: 0, coordinator: false, fullyFinished: false });
    expect(window).toMatchObject({ parallelism: 2, managedKeyed: 2, managedOperator: 0, maxParallelism: 64 });
    // Stateless operators (the key assigner, the sink) hold nothing, listed or not.
    for (const uid of ['assign-key', 'discard']) {
      const stateless = byUid(entries, uid);
      if (stateless) expect(holdsState(stateless)).toBe(false);
    }
    expect(entries.filter(holdsState).map((e) => e.operatorId).sort()).toEqual([source, counter, window].map((e) => e!.operatorId).sort());
  });

  it('records the UID and name of each operator from format 5 on, and each id is the hash of its UID', () => {
    const entries = operatorStatesIn(read(version, 'hashmap-checkpoint'));
    const named = entries.filter((e) => e.uid !== undefined);
    if (FORMAT_OF[version]! < 5) {
      expect(named).toEqual([]);
      return;
    }
    expect(named.map((e) => e.uid)).toEqual(expect.arrayContaining(['sequence-source', COUNTER, 'window-count']));
    for (const entry of named) expect(entry.operatorId).toBe(operatorIdOfUid(entry.uid!));
    expect(byUid(entries, COUNTER)?.name).toBe('count-records');
  });

  it('shows the chained counter dropped after a resume with its UID changed, which the head-operator reader cannot', () => {
    const before = read(version, 'hashmap-stop-savepoint');
    const after = read(version, 'hashmap-after-count-uid-changed');
    const vertices = JSON.parse(readFileSync(resolve(FIXTURES, version, 'hashmap-vertices.json'), 'utf8')) as Array<{ id: string }>;
    // Every vertex's head operator is in the restored savepoint: the vertex-level witness sees nothing wrong.
    expect(operatorIdsIn(before, vertices.map((v) => v.id))).toHaveLength(vertices.length);
    expect(byUid(operatorStatesIn(before), COUNTER)?.managedOperator).toBe(2);
    const listed = operatorStatesIn(after);
    expect(byUid(listed, COUNTER) === undefined || !holdsState(byUid(listed, COUNTER)!)).toBe(true);
    expect(byUid(listed, `${COUNTER}-renamed`)).toMatchObject({ managedOperator: 2 });

    const restored = { kind: 'savepoint' as const, id: parseMetadataHeader(before).checkpointId, path: 's3://flink/savepoints/savepoint-1' };
    const expectation: Expectation = { strategy: 'LATEST_STATE', expected: restored, acceptable: [restored], candidates: [], reasoning: [], configNotes: [], newestAtFault: { ...restored, completedAt: 0, seenBy: ['rest'] } };
    const entries = (afterFile: Uint8Array, dropped: string[] = []) => ({
      restoredPath: restored.path, before: operatorStatesIn(before), checkpointId: parseMetadataHeader(afterFile).checkpointId,
      checkpointPath: 's3://flink/checkpoints/j2/chk-1', after: operatorStatesIn(afterFile), dropped: dropped.map((ref) => ({ ref, operatorId: operatorIdOfUid(ref) })),
    });
    const lost = statefulOperatorsKept({ restored, operatorEntries: entries(after) }, expectation);
    expect(lost).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS' });
    expect(lost.observed).toContain(operatorIdOfUid(COUNTER));
    expect(statefulOperatorsKept({ restored, operatorEntries: entries(after, [COUNTER]) }, expectation).status).toBe('pass');
    // The same job checkpointing on, unchanged, keeps every operator's state.
    expect(statefulOperatorsKept({ restored, operatorEntries: entries(read(version, 'hashmap-checkpoint')) }, expectation).status).toBe('pass');
  });

  it('refuses a file cut short anywhere in its operator entries instead of listing part of it', () => {
    const bytes = read(version, 'rocksdb-incremental-checkpoint');
    // Format 4 and later end with the checkpoint properties as a Java object (stream magic ACED0005), which the listing does not read.
    const properties = Buffer.from(bytes).lastIndexOf(Buffer.from('aced0005', 'hex'));
    const end = properties > 0 ? properties : bytes.length;
    for (let cut = 16; cut < end; cut += Math.max(1, Math.floor(end / 97))) {
      expect(() => operatorStatesIn(bytes.subarray(0, cut)), `cut at ${cut} of ${end}`).toThrow(MetadataFormatError);
    }
  });
});

describe('operatorStatesIn on what it cannot list', () => {
  it('refuses a format it does not know, naming the versions it does', () => {
    const bytes = read('2.1.0', 'hashmap-checkpoint').slice();
    new DataView(bytes.buffer).setInt32(4, 7, false);
    expect(() => operatorStatesIn(bytes)).toThrow('cannot list the operators of _metadata format 7 (known: 3 to 6)');
    new DataView(bytes.buffer).setInt32(4, 2, false);
    expect(() => operatorStatesIn(bytes)).toThrow(/format 2/);
  });

  it('refuses an unknown state handle type', () => {
    const bytes = read('1.20.0', 'hashmap-checkpoint').slice();
    const counter = operatorIdOfUid(COUNTER);
    // The counter's entry: id (16), parallelism and max parallelism (8), coordinator handle (1: null), subtask count (4), subtask index (4), managed flag (4), then the handle type.
    const at = Buffer.from(bytes).indexOf(Buffer.from(counter, 'hex')) + 16 + 8 + 1 + 4 + 4 + 4;
    expect(bytes[at]).toBe(4);
    bytes[at] = 42;
    expect(() => operatorStatesIn(bytes)).toThrow(/unknown operator state handle type 42/);
  });
});
