// A soak miss's repro bundle: repro.json records the soak (seed, duration, faults, min-gap, platform,
// the fault's index), reads back as the same soak, and reruns its schedule up to that fault only; a
// manifest that would rerun another soak is one line and exit 2.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleFiles, reproManifest, tar, type SoakManifest } from '../../../harness/report/bundle.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';
import { readReproBundle, reproEnvironment } from '../../../harness/cli/repro.ts';
import { scheduleOf, soakOptions } from '../../../harness/cli/soak.ts';
import { parseArgs } from '../../../harness/cli/options.ts';
import { soakResultId, soakSchedule } from '../../../harness/soak/schedule.ts';
import { BadInputError } from '../../../harness/support/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'frh-soak-bundle-'));
const KUBECONFIG = '/root/.kube/soak-config';

/** The soak as `frh soak --platform kubernetes --seed 7 --duration 10m --faults ... --min-gap 50s` reads it. */
const options = soakOptions(
  parseArgs(['soak', '--seed', '7', '--duration', '10m', '--faults', 'taskmanager,jobmanager,jobmanager-replaced', '--min-gap', '50s'], { seed: 'value', duration: 'value', faults: 'value', 'min-gap': 'value' }),
  { FRH_PLATFORM: 'kubernetes' },
);
const schedule = scheduleOf(options);
const MISSED = 4;

/** The result of the soak's fault MISSED: a restore of an older checkpoint. */
function missedResult(): ScenarioResult {
  const scheduled = schedule[MISSED - 1]!;
  return {
    id: soakResultId(options.seed, scheduled), title: `Soak 7, fault ${MISSED}`, platform: 'kubernetes', flinkVersion: options.flinkVersion,
    verdict: 'RESTORE_MISMATCH', expectedVerdict: 'PASS',
    expected: { kind: 'checkpoint', id: 12, path: 's3://b/chk-12' }, observed: { kind: 'checkpoint', id: 11, path: 's3://b/chk-11' },
    explanation: 'restored an older checkpoint', checks: [], evidence: { soak: { seed: 7, index: MISSED } },
    timings: { startedAt: 0, finishedAt: 1_700_000_000_000, phases: {} },
  };
}

const soakRecord: SoakManifest = { seed: options.seed, durationSeconds: options.durationSeconds, faults: options.faults, minGapSeconds: options.minGapSeconds, index: MISSED };
const RESUME = './examples/resume-commands/stale-savepoint.sh';
const runEnv = { FRH_PLATFORM: 'kubernetes', FRH_CLUSTER_PROVIDER: 'existing', FRH_KUBECONFIG: KUBECONFIG, FRH_RESUME_COMMAND: RESUME, FRH_RUN_ID: 'soak-run' };

function writeBundle(name: string, files: Array<[string, string]>): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(tar(files, 1_700_000_000)));
  return path;
}

function badBundle(manifest: Record<string, unknown>): string {
  const path = writeBundle('bad.tar.gz', [['repro.json', JSON.stringify(manifest)]]);
  const error = (() => {
    try {
      readReproBundle(path);
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(BadInputError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('a soak fault\'s repro bundle', () => {
  it('records the soak and reads back as the same soak, its schedule cut after the missed fault', () => {
    expect(schedule.length).toBeGreaterThan(MISSED);
    const files = bundleFiles(missedResult(), { env: runEnv, soak: soakRecord, images: {} });
    const manifest = JSON.parse(new Map(files).get('repro.json')!) as Record<string, unknown>;
    expect(manifest).toMatchObject({ project: 'soak', platform: 'kubernetes', id: `soak-7-${MISSED}-${schedule[MISSED - 1]!.fault}`, soak: soakRecord, settings: { FRH_KUBECONFIG: KUBECONFIG, FRH_RESUME_COMMAND: RESUME } });
    expect(new Map(files).get('command.txt')).toContain(`frh soak --platform kubernetes --flink ${options.flinkVersion} --seed 7 --duration 600s --faults taskmanager,jobmanager,jobmanager-replaced --min-gap 50s --provider existing --kubeconfig ${KUBECONFIG} --resume-command ${RESUME}`);
    expect(new Map(files).get('README.txt')).toContain(`up to and including fault ${MISSED}`);

    const bundle = readReproBundle(writeBundle('soak.tar.gz', files));
    expect(bundle.soak?.options).toEqual({ ...options, seedDrawn: false });
    expect(bundle.soak?.schedule).toEqual(soakSchedule({ seed: 7, durationSeconds: 600, faults: options.faults, injectable: options.faults, minGapSeconds: 50 }).slice(0, MISSED));
    expect(bundle.soak?.schedule.at(-1)).toEqual(schedule[MISSED - 1]);
    // The repro runs on the recorded platform, version and cluster, whatever the caller's environment says.
    expect(reproEnvironment(bundle, { FRH_PLATFORM: 'docker', FRH_KUBECONFIG: '/elsewhere' })).toMatchObject({ FRH_PLATFORM: 'kubernetes', FRH_KUBECONFIG: KUBECONFIG, FRH_CLUSTER_PROVIDER: 'existing', FRH_RESUME_COMMAND: RESUME, FRH_FLINK_VERSIONS: options.flinkVersion });
  });

  it('refuses a manifest that would rerun another soak, in one line', () => {
    const manifest = reproManifest(missedResult(), runEnv, { soak: soakRecord }) as unknown as Record<string, unknown>;
    const soak = manifest.soak as Record<string, unknown>;
    expect(badBundle({ ...manifest, soak: undefined })).toMatch(/repro\.json's soak: missing$/);
    expect(badBundle({ ...manifest, soak: { ...soak, seed: -1 } })).toMatch(/repro\.json's soak: seed -1 is not a whole number from 0 to 4294967295$/);
    expect(badBundle({ ...manifest, soak: { ...soak, minGapSeconds: 5 } })).toMatch(/minGapSeconds 5 is not a whole number from 20 to 3600$/);
    expect(badBundle({ ...manifest, soak: { ...soak, faults: ['taskmanager', 'oom'] } })).toMatch(/unknown fault "oom"/);
    expect(badBundle({ ...manifest, soak: { ...soak, index: 99 } })).toMatch(new RegExp(`its schedule has ${schedule.length} fault\\(s\\) here, no fault 99$`));
    expect(badBundle({ ...manifest, soak: { ...soak, seed: 8 } })).toMatch(new RegExp(`fault ${MISSED} of its schedule is soak-8-${MISSED}-[a-z-]+ here, not soak-7-${MISSED}-`));
    expect(badBundle({ ...manifest, platform: 'pipeline' })).toMatch(/platform pipeline is not one a soak runs on \(docker, kubernetes, operator\)$/);
  });
});
