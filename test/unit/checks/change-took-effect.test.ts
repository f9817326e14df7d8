// An upgrade the platform did not apply proves nothing about restoring under it: the right
// checkpoint restored with the old parallelism, Flink version or job version is INFRA_ERROR, not
// PASS; a wrong restore is still named first.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeFindings, changeTookEffect, checksFor, runChecks } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import { judge } from '../../../harness/judge/judge.ts';
import { JobConfigSchema } from '../../../harness/flink/schemas.ts';
import { askedChange, changeableFields, probeVersionsSinceRestore } from '../../../harness/scenario/change-witness.ts';
import { defaultSpec } from '../../../harness/platforms/deployment-spec.ts';

const chk7 = { kind: 'checkpoint' as const, id: 7, path: 's3://flink/checkpoints/j/chk-7' };
const chk6 = { kind: 'checkpoint' as const, id: 6, path: 's3://flink/checkpoints/j/chk-6' };
const expectation: Expectation = {
  strategy: 'LATEST_STATE', expected: chk7, acceptable: [chk7], candidates: [], reasoning: [], configNotes: [],
  newestAtFault: { ...chk7, completedAt: 1_000, seenBy: ['rest'] },
};
const record = (seq: number, restoredCheckpointId: number, probeVersion: string) => ({ key: 'k0', seq, count: seq, restoredCheckpointId, probeVersion });
const upgraded = (change: Observation['change'], restored = chk7): Observation => ({
  restored,
  metadata: { path: restored.path, exists: true, checkpointId: restored.id },
  probeRestoredIds: [restored.id, restored.id],
  // Four keys, 20 records each; the last few written by the upgraded job after it restored.
  output: {
    records: Array.from({ length: 80 }, (_, n) => {
      const since = n > 76;
      return { key: String(n % 4), seq: Math.floor(n / 4), count: Math.floor(n / 4) + 1, restoredCheckpointId: since ? restored.id : -1, probeVersion: since ? 'v2' : 'v1', file: `part-${Math.floor(n / 10)}` };
    }),
    files: 8,
  },
  ...(change ? { change } : {}),
});

describe('change-took-effect', () => {
  it('passes when the resumed job runs every change asked', () => {
    const result = changeTookEffect({ restored: chk7, change: { asked: { parallelism: 1, flinkVersion: '2.3.0', probeVersion: 'v2' }, running: { parallelism: 1, flinkVersion: '2.3.0', probeVersions: ['v2'] } } }, expectation);
    expect(result).toMatchObject({ status: 'pass', expected: 'parallelism 1, Flink 2.3.0, probe v2', observed: 'parallelism 1, Flink 2.3.0, probe v2', detail: 'the resumed job runs the upgrade: parallelism 1, Flink 2.3.0, probe v2' });
    expect(result.failsAs).toBeUndefined();
  });

  it('fails as INFRA_ERROR, naming each change that did not take effect', () => {
    const result = changeTookEffect({ restored: chk7, change: { asked: { parallelism: 1, flinkVersion: '2.3.0' }, running: { parallelism: 2, flinkVersion: '2.1.0' } } }, expectation);
    expect(result).toMatchObject({ status: 'fail', failsAs: 'INFRA_ERROR', expected: 'parallelism 1, Flink 2.3.0', observed: 'parallelism 2, Flink 2.1.0' });
    expect(result.detail).toBe('the upgrade did not take effect: asked parallelism 1, Flink 2.3.0, the resumed job runs parallelism 2, Flink 2.1.0; its restore was not tested under the change');
  });

  it('fails when only part of the change took effect', () => {
    const result = changeTookEffect({ restored: chk7, change: { asked: { parallelism: 1, probeVersion: 'v2' }, running: { parallelism: 1, probeVersions: ['v1'] } } }, expectation);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('asked probe v2, the resumed job runs probe v1');
    expect(result.detail).not.toContain('parallelism');
  });

  it('is unknown, never pass, when what the resumed job runs could not be read', () => {
    const unread = (change: Observation['change']) => changeTookEffect({ restored: chk7, ...(change ? { change } : {}) }, expectation);
    expect(unread({ asked: { parallelism: 1 }, running: {} })).toMatchObject({ status: 'unknown', expected: 'parallelism 1', observed: 'parallelism unknown', detail: "the resumed job's parallelism could not be read" });
    expect(unread({ asked: { flinkVersion: '2.3.0' }, running: {} })).toMatchObject({ status: 'unknown', observed: 'Flink version unknown', detail: "the resumed cluster's Flink version could not be read" });
    expect(unread({ asked: { probeVersion: 'v2' }, running: { probeVersions: [] } })).toMatchObject({ status: 'unknown', observed: 'probe version unknown', detail: 'no output written since the restore names its probe version' });
    expect(unread({ asked: { probeVersion: 'v2' }, running: {} }).status).toBe('unknown');
    expect(unread({ asked: {}, running: {} })).toMatchObject({ status: 'unknown', detail: 'the upgrade changed nothing this check can see (parallelism, Flink version, probe version)' });
    expect(unread(undefined)).toMatchObject({ status: 'unknown', detail: 'no change to compare with (the check runs only after an upgrade)' });
    expect(unread({ asked: { parallelism: 1, flinkVersion: '2.3.0' }, running: {} }).detail).toBe("the resumed job's parallelism could not be read; the resumed cluster's Flink version could not be read");
    // One change unread beside one that took effect: still unknown, naming only the unread one.
    expect(unread({ asked: { parallelism: 1, flinkVersion: '2.3.0' }, running: { parallelism: 1 } })).toMatchObject({ status: 'unknown', detail: "the resumed cluster's Flink version could not be read" });
  });

  it('reads a job config without a default parallelism from its vertices', () => {
    expect(changeFindings({ asked: { parallelism: 1 }, running: { parallelism: -1, vertexParallelisms: [1, 1] } })).toEqual([{ status: 'pass', asked: 'parallelism 1', running: 'vertices at parallelism 1' }]);
    expect(changeFindings({ asked: { parallelism: 4 }, running: { vertexParallelisms: [2, 1, 2] } })[0]).toMatchObject({ status: 'fail', running: 'vertices at parallelism 1, 2' });
    expect(changeFindings({ asked: { parallelism: 4 }, running: { parallelism: 0 } })[0]?.status).toBe('unknown');
  });

  it('names what the resumed job runs when the job config names no default', () => {
    expect(changeFindings({ asked: { parallelism: 1 }, running: { vertexParallelisms: [] } })[0]?.status).toBe('unknown');
    expect(changeFindings({ asked: { parallelism: 1 }, running: { parallelism: 2, vertexParallelisms: [1] } })[0]).toMatchObject({ status: 'fail', running: 'parallelism 2' });
  });

  it('takes a build of the asked Flink version as that version, and no other', () => {
    expect(changeFindings({ asked: { flinkVersion: '2.3.0' }, running: { flinkVersion: '2.3.0-SNAPSHOT' } })[0]?.status).toBe('pass');
    expect(changeFindings({ asked: { flinkVersion: '2.3.0' }, running: { flinkVersion: '2.3.01' } })[0]?.status).toBe('fail');
    expect(changeFindings({ asked: { flinkVersion: '2.3.0' }, running: { flinkVersion: '2.1.0' } })[0]?.status).toBe('fail');
  });

  it('names every probe version the resumed job wrote when none is the one asked', () => {
    expect(changeFindings({ asked: { probeVersion: 'v3' }, running: { probeVersions: ['v1', 'v2'] } })[0]).toEqual({ status: 'fail', asked: 'probe v3', running: 'probe v1, v2' });
  });

  it('passes the probe version when the restored generation wrote it, beside an earlier generation that restored the same checkpoint', () => {
    expect(changeFindings({ asked: { probeVersion: 'v2' }, running: { probeVersions: ['v1', 'v2'] } })[0]?.status).toBe('pass');
  });
});

describe('an upgrade judged with every check', () => {
  it('is PASS when the newest checkpoint was restored and the upgrade took effect', () => {
    const obs = upgraded({ asked: { parallelism: 1 }, running: { parallelism: 1 } });
    const results = runChecks(checksFor(obs), obs, expectation);
    expect(results.map((r) => r.name)).toContain('change-took-effect');
    expect(judge({ expectation, checks: results }).verdict).toBe('PASS');
  });

  it('is INFRA_ERROR, not PASS, when the newest checkpoint was restored but the upgrade did not take effect', () => {
    const obs = upgraded({ asked: { parallelism: 1 }, running: { parallelism: 2 } });
    const judged = judge({ expectation, checks: runChecks(checksFor(obs), obs, expectation) });
    expect(judged.verdict).toBe('INFRA_ERROR');
    expect(judged.explanation).toMatch(/^INFRA_ERROR: change-took-effect: the upgrade did not take effect: asked parallelism 1, the resumed job runs parallelism 2/);
  });

  it('is still RESTORE_MISMATCH when an older checkpoint was restored and the upgrade did not take effect either', () => {
    const obs = upgraded({ asked: { parallelism: 1 }, running: { parallelism: 2 } }, chk6);
    const judged = judge({ expectation, checks: runChecks(checksFor(obs), obs, expectation) });
    expect(judged.verdict).toBe('RESTORE_MISMATCH');
    expect(judged.explanation).toMatch(/^RESTORE_MISMATCH: Newest state at the fault: checkpoint 7 /);
    expect(judged.explanation).toContain('change-took-effect disagrees (the upgrade did not take effect');
  });

  it('leads an INFRA_ERROR with the failed checks that stand for it, not with ones that passed or could not tell', () => {
    const failed = { name: 'change-took-effect', status: 'fail' as const, failsAs: 'INFRA_ERROR' as const, detail: 'the upgrade did not take effect: asked parallelism 1' };
    const passed = { name: 'other-effect', status: 'pass' as const, failsAs: 'INFRA_ERROR' as const, detail: 'took effect' };
    const restored = { name: 'restored-is-expected', status: 'pass' as const, detail: 'restored checkpoint 7', observed: 'checkpoint 7 (s3://flink/checkpoints/j/chk-7)' };
    const judged = judge({ expectation, checks: [restored, failed, passed] });
    expect(judged.verdict).toBe('INFRA_ERROR');
    expect(judged.explanation).toMatch(/^INFRA_ERROR: change-took-effect: the upgrade did not take effect: asked parallelism 1\. Newest state at the fault: checkpoint 7 /);
    expect(judged.explanation).not.toContain('other-effect: took effect');
    const second = { ...failed, name: 'second-effect', detail: 'also not' };
    expect(judge({ expectation, checks: [restored, failed, second] }).explanation).toMatch(/^INFRA_ERROR: change-took-effect: the upgrade did not take effect: asked parallelism 1\. second-effect: also not\. Newest state/);
  });

  it('runs only after a change: a job that was not upgraded has no such check', () => {
    expect(checksFor(upgraded(undefined)).map((c) => c.name)).not.toContain('change-took-effect');
  });
});

describe('the change witness', () => {
  const before = changeableFields(defaultSpec());

  it('asks only the fields the fault or the resume changed', () => {
    expect(askedChange(before, changeableFields(defaultSpec()))).toBeUndefined();
    expect(askedChange(before, changeableFields(defaultSpec({ parallelism: 1 })))).toEqual({ parallelism: 1 });
    expect(askedChange(before, changeableFields(defaultSpec({ flinkVersion: '2.1.0', probe: { ...defaultSpec().probe, version: 'v2' } })))).toEqual({ flinkVersion: '2.1.0', probeVersion: 'v2' });
  });

  it("leaves the probe's version out when a user's job runs", () => {
    const userJob = { jar: '/jobs/job.jar', entryClass: 'com.example.Job', arguments: [] };
    const withUserJob = changeableFields(defaultSpec({ userJob, probe: { ...defaultSpec().probe, version: 'v2' } }));
    expect(withUserJob.probeVersion).toBeUndefined();
    expect(askedChange(before, withUserJob)).toBeUndefined();
  });

  it("takes the probe versions of the output whose records name the restored snapshot", () => {
    const output = { records: [record(1, -1, 'v1'), record(2, 7, 'v2'), record(3, 7, 'v2')], files: 2 };
    expect(probeVersionsSinceRestore({ restored: chk7, output })).toEqual(['v2']);
    expect(probeVersionsSinceRestore({ restored: { kind: 'none' }, output })).toEqual(['v1']);
    expect(probeVersionsSinceRestore({ restored: chk7 })).toEqual([]);
  });

  it("reads the default parallelism from a job config recorded from real Flink", () => {
    for (const version of ['1.20.0', '2.3.0']) {
      const recorded = JobConfigSchema.parse(JSON.parse(readFileSync(resolve(import.meta.dirname, `../../fixtures/flink-rest/${version}/job-config.json`), 'utf8')));
      expect(recorded['execution-config']?.['job-parallelism']).toBe(defaultSpec().parallelism);
    }
  });
});
