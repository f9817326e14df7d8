// A soak's schedule is a pure function of its seed and settings: the same seed gives the same
// faults at the same times, another seed others, and only faults the platform can inject.
import { describe, expect, it } from 'vitest';
import { formatSchedule, formatSeconds, injectableOn, parseDuration, parseSeed, parseSoakFaults, seededRandom, soakResultId, soakSchedule, soakScheduleUpTo } from '../../../harness/soak/schedule.ts';
import { cannotInject } from '../../../harness/faults/injectable.ts';
import { freeze, killJobManager, killTaskManager, replaceJobManager } from '../../../harness/faults/index.ts';
import { validateInvocation } from '../../../harness/cli/validate.ts';
import { formatSoakSummary, scheduleOf, soakOptions } from '../../../harness/cli/soak.ts';
import { parseArgs } from '../../../harness/cli/options.ts';
import { BadInputError } from '../../../harness/support/errors.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

const tenMinutes = { durationSeconds: 600, faults: ['taskmanager', 'jobmanager'], injectable: ['taskmanager', 'jobmanager', 'jobmanager-replaced'], minGapSeconds: 45 };

describe('seededRandom', () => {
  it('gives the same numbers for the same seed, in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(drawn).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(drawn.every((x) => x >= 0 && x < 1)).toBe(true);
    // Spread over the interval, not stuck: every tenth of [0, 1) is hit.
    expect(new Set(drawn.map((x) => Math.floor(x * 10))).size).toBe(10);
  });

  it('pins the sequence of a seed, so a schedule reproduces across versions of the harness', () => {
    const random = seededRandom(7);
    expect([random(), random(), random()].map((x) => Math.floor(x * 1e6))).toEqual([11704, 61958, 976907]);
    expect(soakSchedule({ seed: 7, ...tenMinutes }).map((s) => `${s.atSeconds}:${s.fault}`)).toEqual([
      '45:taskmanager', '112:jobmanager', '168:taskmanager', '223:taskmanager', '280:jobmanager',
      '330:taskmanager', '392:jobmanager', '441:taskmanager', '492:jobmanager', '543:jobmanager',
    ]);
  });
});

describe('cannotInject', () => {
  it('asks the platform\'s deployment class: both kill Flink processes, only Docker freezes them', () => {
    for (const platform of ['docker', 'kubernetes'] as const) {
      for (const fault of [killTaskManager(), killJobManager(), replaceJobManager()]) expect(cannotInject(platform, fault)).toBeUndefined();
    }
    expect(cannotInject('docker', freeze('taskmanager', 1000))).toBeUndefined();
    expect(cannotInject('kubernetes', freeze('taskmanager', 1000))).toBe('fault freeze-taskmanager needs a platform that can freeze components; kubernetes cannot');
  });
});

describe('soakScheduleUpTo', () => {
  it('is the soak\'s own schedule cut after fault k: the same faults at the same times, none after', () => {
    const whole = soakSchedule({ seed: 7, ...tenMinutes });
    for (const k of [1, 4, whole.length]) {
      const cut = soakScheduleUpTo({ seed: 7, ...tenMinutes }, k);
      expect(cut).toEqual(whole.slice(0, k));
      expect(cut.at(-1)).toEqual(whole[k - 1]);
      expect(soakResultId(7, cut.at(-1)!)).toBe(`soak-7-${k}-${whole[k - 1]!.fault}`);
    }
    expect(soakScheduleUpTo({ seed: 7, ...tenMinutes }, whole.length + 3)).toEqual(whole);
  });
});

describe('soakSchedule', () => {
  it('gives the same schedule for the same seed and another for another seed', () => {
    expect(soakSchedule({ seed: 7, ...tenMinutes })).toEqual(soakSchedule({ seed: 7, ...tenMinutes }));
    expect(soakSchedule({ seed: 8, ...tenMinutes })).not.toEqual(soakSchedule({ seed: 7, ...tenMinutes }));
  });

  it('keeps every gap between the minimum and 1.5 times it, and the last fault a minimum gap before the end', () => {
    for (let seed = 0; seed < 200; seed++) {
      const schedule = soakSchedule({ seed, ...tenMinutes });
      // 10 minutes with gaps of at most 67 s leave room for at least 8 faults.
      expect(schedule.length).toBeGreaterThanOrEqual(8);
      let previous = 0;
      for (const [i, s] of schedule.entries()) {
        expect(s.index).toBe(i + 1);
        expect(s.atSeconds - previous).toBeGreaterThanOrEqual(45);
        expect(s.atSeconds - previous).toBeLessThanOrEqual(67);
        previous = s.atSeconds;
      }
      expect(previous + 45).toBeLessThanOrEqual(600);
    }
  });

  it('draws only faults that are both allowed and injectable, and each of them over many seeds', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      for (const s of soakSchedule({ seed, ...tenMinutes, faults: ['taskmanager', 'jobmanager', 'jobmanager-replaced'], injectable: ['taskmanager', 'jobmanager-replaced'] })) seen.add(s.fault);
    }
    expect([...seen].sort()).toEqual(['jobmanager-replaced', 'taskmanager']);
    expect(soakSchedule({ seed: 1, ...tenMinutes, faults: ['jobmanager'], injectable: ['taskmanager'] })).toEqual([]);
  });

  it('prints the schedule the same way twice', () => {
    const text = formatSchedule(7, 600, soakSchedule({ seed: 7, ...tenMinutes }));
    expect(text.split('\n')[0]).toBe('soak seed 7, duration 10m: 10 fault(s)');
    expect(text).toContain('   2  at   1m52s  jobmanager');
  });
});

describe('soak flags', () => {
  const options = (argv: string[], env: NodeJS.ProcessEnv = {}) => soakOptions(parseArgs(['soak', ...argv], { seed: 'value', duration: 'value', faults: 'value', 'min-gap': 'value', 'dry-run': 'boolean' }), env);

  it('reads durations in seconds, minutes and hours', () => {
    expect(parseDuration('30s', '--duration', { min: 1, max: 86400 })).toBe(30);
    expect(parseDuration('10m', '--duration', { min: 1, max: 86400 })).toBe(600);
    expect(parseDuration('1h', '--duration', { min: 1, max: 86400 })).toBe(3600);
    expect(formatSeconds(90)).toBe('1m30s');
    expect(formatSeconds(3600)).toBe('1h');
  });

  it('answers each mistake with one line naming the flag', async () => {
    const bad = async (argv: string[], message: RegExp): Promise<void> => {
      const error = await validateInvocation(['soak', ...argv]).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    };
    await bad(['--duration', '10'], /^--duration 10: give a whole number and a unit/);
    await bad(['--duration', '1.5h'], /^--duration 1.5h:/);
    await bad(['--duration', '30s'], /^--duration 30s: must be from 1m to 24h/);
    await bad(['--duration', '1m'], /^--duration 1m: leaves no time for a fault/);
    await bad(['--seed=-1'], /^--seed -1: give a whole number/);
    await bad(['--seed', '4294967296'], /^--seed 4294967296:/);
    await bad(['--seed', 'abc'], /^--seed abc:/);
    await bad(['--faults', 'taskmanager,oom'], /^--faults taskmanager,oom: unknown fault "oom"; known: taskmanager, jobmanager, jobmanager-replaced, cancel, stop-with-savepoint, suspend, upgrade$/);
    await bad(['--faults', ','], /^--faults ,: names no fault/);
    await bad(['--min-gap', '5s'], /^--min-gap 5s: must be from 20s/);
    await bad(['--flink', '2.1.0,2.0.0', '--dry-run'], /a soak runs one Flink version/);
    await bad(['--sead', '1'], /^unknown option --sead for "soak"/);
    await bad(['extra'], /takes no positional arguments/);
    await bad(['--platform', 'pipeline', '--dry-run'], /^--platform pipeline: a soak runs on docker, kubernetes or operator \(/);
    await bad(['--platform', 'podman', '--dry-run'], /^--platform podman: not one of docker, kubernetes, operator/);
    await bad(['--resume-command', './nonexistent/resume.sh'], /^--resume-command \.\/nonexistent\/resume\.sh: \.\/nonexistent\/resume\.sh is not an executable file$/);
    await bad(['--kubeconfig', '/nonexistent', '--dry-run'], /^--kubeconfig \/nonexistent: applies only with --platform kubernetes/);
    await bad(['--platform', 'kubernetes', '--provider', 'existing', '--kubeconfig', '/nonexistent/kubeconfig', '--dry-run'], /^--kubeconfig \/nonexistent\/kubeconfig:/);
  });

  it('needs nothing for a dry run, Docker and the images for a real one', async () => {
    expect((await validateInvocation(['soak', '--seed', '7', '--duration', '10m', '--dry-run'])).needs).toEqual([]);
    expect((await validateInvocation(['soak', '--seed', '7', '--duration', '10m'])).needs).toEqual(['docker', 'images']);
    expect((await validateInvocation(['soak', '--platform', 'kubernetes', '--seed', '7', '--dry-run'])).needs).toEqual([]);
  });

  it('draws the same schedule on Kubernetes as on Docker: both platforms can inject every soak fault', () => {
    const onKubernetes = options(['--seed', '7', '--duration', '10m', '--faults', 'taskmanager,jobmanager-replaced'], { FRH_PLATFORM: 'kubernetes' });
    expect(onKubernetes).toMatchObject({ platform: 'kubernetes', faults: ['taskmanager', 'jobmanager-replaced'] });
    expect(scheduleOf(onKubernetes)).toEqual(scheduleOf({ ...onKubernetes, platform: 'docker' }));
    expect(options([], { FRH_PLATFORM: 'kubernetes' }).faults).toEqual(['taskmanager', 'jobmanager']);
  });

  it('defaults to 30 minutes of TaskManager and JobManager kills, with a drawn seed it says it drew', () => {
    const drawn = options([]);
    expect(drawn).toMatchObject({ durationSeconds: 1800, faults: ['taskmanager', 'jobmanager'], minGapSeconds: 45, seedDrawn: true, dryRun: false });
    expect(options(['--seed', '7', '--faults', 'jobmanager,jobmanager'])).toMatchObject({ seed: 7, seedDrawn: false, faults: ['jobmanager'] });
    expect(parseSeed('0', '--seed')).toBe(0);
    expect(parseSoakFaults('jobmanager-replaced', '--faults', 'docker')).toEqual(['jobmanager-replaced']);
    expect(injectableOn('docker')).toEqual(['taskmanager', 'jobmanager', 'jobmanager-replaced', 'cancel', 'stop-with-savepoint']);
    expect(injectableOn('kubernetes')).toEqual(['taskmanager', 'jobmanager', 'jobmanager-replaced', 'cancel', 'stop-with-savepoint']);
    expect(scheduleOf(options(['--seed', '7', '--duration', '10m']))).toEqual(soakSchedule({ seed: 7, ...tenMinutes }));
  });
});

describe('formatSoakSummary', () => {
  it('lists every scheduled fault with its times, expected and restored snapshot and verdict, and the ones never injected', () => {
    const soakOptionsGiven = { seed: 7, seedDrawn: false, durationSeconds: 600, minGapSeconds: 45, faults: ['taskmanager'], platform: 'docker' as const, flinkVersion: '2.1.0', dryRun: false };
    const schedule = [{ index: 1, atSeconds: 45, fault: 'taskmanager' }, { index: 2, atSeconds: 100, fault: 'jobmanager' }, { index: 3, atSeconds: 160, fault: 'taskmanager' }];
    const result = (index: number, verdict: ScenarioResult['verdict'], observedId: number): ScenarioResult => ({
      id: `soak-7-${index}-x`, title: 't', platform: 'docker', flinkVersion: '2.1.0', verdict, expectedVerdict: 'PASS',
      expected: { kind: 'checkpoint', id: 12, path: 's3://b/chk-12' }, observed: { kind: 'checkpoint', id: observedId, path: `s3://b/chk-${observedId}` },
      explanation: verdict === 'PASS' ? 'fine' : 'restored an older checkpoint', checks: [], evidence: { soak: { index, injectedAtSeconds: index * 50 } },
      timings: { startedAt: 0, finishedAt: 1, phases: {} },
    });
    const text = formatSoakSummary(soakOptionsGiven, schedule, { results: [result(1, 'PASS', 12), result(2, 'RESTORE_MISMATCH', 11)], stoppedEarly: 'the job is not running after fault 2 (RESTORE_MISMATCH); 1 fault(s) not injected' }, 125_000, 'reports/r');
    const lines = text.split('\n');
    expect(lines[0]).toBe('soak seed 7: 2 of 3 fault(s) judged in 2m5s: PASS 1, RESTORE_MISMATCH 1');
    expect(lines[2]).toMatch(/^ +1 +45s +50s +taskmanager +checkpoint 12 +checkpoint 12 +PASS$/);
    expect(lines[3]).toMatch(/^ +2 +1m40s +1m40s +jobmanager +checkpoint 12 +checkpoint 11 +RESTORE_MISMATCH$/);
    expect(lines[4]).toBe('      restored an older checkpoint');
    expect(lines[5]).toMatch(/^ +3 +2m40s +- +taskmanager +- +- +not injected$/);
    expect(text).toContain('stopped early: the job is not running after fault 2');
  });
});
