// Our schemas and translations against REST answers recorded from real Flink
// (test/fixtures/flink-rest/<version>/, written by test/fixtures/record-flink-rest.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RESPONSE_SCHEMAS, CheckpointingStatisticsSchema, JobVertexDetailsSchema, MetricListSchema } from '../../../harness/flink/schemas.ts';
import { restoreFromStatistics, snapshotsFromStatistics } from '../../../harness/flink/rest-snapshots.ts';
import { gaugeGap, gaugesOfCurrentAttempts } from '../../../harness/scenario/observe.ts';

const ROOT = resolve(import.meta.dirname, '../../fixtures/flink-rest');
const VERSIONS = existsSync(ROOT) ? readdirSync(ROOT).filter((name) => /^\d+\.\d+/.test(name)) : [];

/** Which schema parses which recorded file (by name prefix). */
const SCHEMA_FOR: [RegExp, z.ZodType][] = [
  [/^overview\.json$/, RESPONSE_SCHEMAS.overview],
  [/^jobs-overview\.json$/, RESPONSE_SCHEMAS['jobs-overview']],
  [/^job-(running|cancelled)\.json$/, RESPONSE_SCHEMAS.job],
  [/^job-config\.json$/, RESPONSE_SCHEMAS['job-config']],
  [/^vertex-details\.json$/, RESPONSE_SCHEMAS.vertex],
  [/^checkpoints-config\.json$/, RESPONSE_SCHEMAS['checkpoint-config']],
  [/^checkpoints-.*\.json$/, RESPONSE_SCHEMAS.checkpoints],
  [/^(savepoint|checkpoint)-trigger\.json$/, RESPONSE_SCHEMAS.trigger],
  [/^savepoint-status-.*\.json$/, RESPONSE_SCHEMAS['savepoint-status']],
  [/^checkpoint-status-.*\.json$/, RESPONSE_SCHEMAS['checkpoint-status']],
  [/^job-exceptions\.json$/, RESPONSE_SCHEMAS.exceptions],
  [/^vertex-metric.*\.json$/, RESPONSE_SCHEMAS['vertex-metrics']],
  [/^subtask-metrics.*\.json$/, RESPONSE_SCHEMAS['subtask-metrics']],
];

const read = (version: string, file: string): unknown => JSON.parse(readFileSync(resolve(ROOT, version, file), 'utf8'));

describe('recorded Flink REST fixtures', () => {
  it('exist for at least one Flink version', () => {
    expect(VERSIONS.length).toBeGreaterThan(0);
  });

  describe.each(VERSIONS)('Flink %s', (version) => {
    const files = readdirSync(resolve(ROOT, version)).filter((f) => f.endsWith('.json'));

    it.each(files)('%s parses with the schema the client uses', (file) => {
      const schema = SCHEMA_FOR.find(([pattern]) => pattern.test(file))?.[1];
      expect(schema, `no schema mapped for ${file}`).toBeDefined();
      const result = schema?.safeParse(read(version, file));
      expect(result?.success, JSON.stringify(result?.error?.issues[0])).toBe(true);
    });

    it('checkpoints-after-savepoint yields checkpoints and the savepoint, skipping failed entries', () => {
      const stats = CheckpointingStatisticsSchema.parse(read(version, 'checkpoints-after-savepoint.json'));
      const snapshots = snapshotsFromStatistics(stats, 'job');
      expect(snapshots.length).toBeGreaterThan(0);
      expect(snapshots.some((s) => s.kind === 'savepoint' && s.path.includes('/savepoint-'))).toBe(true);
      expect(snapshots.filter((s) => s.kind === 'checkpoint').every((s) => /\/chk-\d+$/.test(s.path))).toBe(true);
      expect(snapshots.map((s) => s.id)).toEqual([...snapshots.map((s) => s.id)].sort((a, b) => a - b));
    });

    it('checkpoints-after-restore reports the restored checkpoint', () => {
      const stats = CheckpointingStatisticsSchema.parse(read(version, 'checkpoints-after-restore.json'));
      const restore = restoreFromStatistics(stats.latest?.restored);
      expect(restore?.kind).toBe('checkpoint');
      expect(restore?.path).toMatch(new RegExp(`/chk-${restore?.id}$`));
      expect(snapshotsFromStatistics(stats, 'job').some((s) => s.id === restore?.id)).toBe(true);
    });

    it('the probe gauges of the restarted attempts name the restored checkpoint; another attempt\'s are not taken', () => {
      const restored = restoreFromStatistics(CheckpointingStatisticsSchema.parse(read(version, 'checkpoints-after-restore.json')).latest?.restored);
      const { subtasks } = JobVertexDetailsSchema.parse(read(version, 'vertex-details.json'));
      const metrics = MetricListSchema.parse(read(version, 'vertex-metrics-restored-id.json'));
      expect(gaugesOfCurrentAttempts(metrics, subtasks)).toEqual(subtasks.map(() => restored?.id));
      const restartedAgain = subtasks.map((s) => ({ ...s, attempt: s.attempt + 1 }));
      expect(gaugesOfCurrentAttempts(metrics, restartedAgain)).toBeUndefined();
      // Why not, as a timeout then says it.
      const [first] = subtasks;
      expect(gaugeGap(metrics, restartedAgain)).toContain(`subtask ${first!.subtask}: REST's current attempt is ${first!.attempt + 1}, the metric store's gauges are attempt ${first!.attempt}'s (restoredCheckpointId ${restored?.id})`);
      expect(gaugeGap([], subtasks)).toContain(`subtask ${first!.subtask} (attempt ${first!.attempt}) reported no restoredCheckpointId`);
      expect(gaugeGap(metrics, [])).toBe('REST lists no subtasks');
    });
  });
});
