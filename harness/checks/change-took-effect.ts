// An upgrade that did not take effect proves nothing about restoring under it: a platform (or a
// team's upgrade command) that kept the old parallelism, Flink version or job version would still
// restore the newest checkpoint, and every other witness would agree. This check compares what the
// fault or the resume asked to change with what the resumed job runs.
import { check } from './check.ts';
import type { Observation } from './observation.ts';

type Change = NonNullable<Observation['change']>;
type Finding = { status: 'pass' | 'fail' | 'unknown'; asked: string; running: string; why?: string };

/** A Flink version as Flink reports it: `2.3.0`, or a build of it such as `2.3.0-SNAPSHOT`. */
function sameFlinkVersion(asked: string, running: string): boolean {
  return running === asked || running.startsWith(`${asked}-`);
}

/** Each change asked, beside what the resumed job runs. */
export function changeFindings(change: Change): Finding[] {
  const { asked, running } = change;
  const findings: Finding[] = [];
  if (asked.parallelism !== undefined) {
    const wanted = `parallelism ${asked.parallelism}`;
    if (running.parallelism !== undefined && running.parallelism > 0) {
      findings.push({ status: running.parallelism === asked.parallelism ? 'pass' : 'fail', asked: wanted, running: `parallelism ${running.parallelism}` });
    } else if (running.vertexParallelisms !== undefined && running.vertexParallelisms.length > 0) {
      // No default in the job's config: some vertex must run at the parallelism asked.
      const seen = [...new Set(running.vertexParallelisms)].sort((a, b) => a - b);
      findings.push({ status: seen.includes(asked.parallelism) ? 'pass' : 'fail', asked: wanted, running: `vertices at parallelism ${seen.join(', ')}` });
    } else {
      findings.push({ status: 'unknown', asked: wanted, running: 'parallelism unknown', why: "the resumed job's parallelism could not be read" });
    }
  }
  if (asked.flinkVersion !== undefined) {
    const wanted = `Flink ${asked.flinkVersion}`;
    findings.push(running.flinkVersion === undefined
      ? { status: 'unknown', asked: wanted, running: 'Flink version unknown', why: "the resumed cluster's Flink version could not be read" }
      : { status: sameFlinkVersion(asked.flinkVersion, running.flinkVersion) ? 'pass' : 'fail', asked: wanted, running: `Flink ${running.flinkVersion}` });
  }
  if (asked.probeVersion !== undefined) {
    const wanted = `probe ${asked.probeVersion}`;
    const versions = running.probeVersions ?? [];
    findings.push(versions.length === 0
      ? { status: 'unknown', asked: wanted, running: 'probe version unknown', why: 'no output written since the restore names its probe version' }
      : { status: versions.includes(asked.probeVersion) ? 'pass' : 'fail', asked: wanted, running: `probe ${versions.join(', ')}` });
  }
  return findings;
}

/**
 * The change the fault or the resume asked for (an upgrade's parallelism, Flink version, probe
 * version) is what the resumed job runs. A change that did not take effect is INFRA_ERROR: the
 * scenario could not inject its fault, so its restore says nothing about the upgrade.
 */
export const changeTookEffect = check('change-took-effect', (obs) => {
  if (!obs.change) return { status: 'unknown', detail: 'no change to compare with (the check runs only after an upgrade)' };
  const findings = changeFindings(obs.change);
  if (findings.length === 0) return { status: 'unknown', detail: 'the upgrade changed nothing this check can see (parallelism, Flink version, probe version)' };
  const expected = findings.map((f) => f.asked).join(', ');
  const observed = findings.map((f) => f.running).join(', ');
  const failed = findings.filter((f) => f.status === 'fail');
  if (failed.length > 0) {
    return {
      status: 'fail', failsAs: 'INFRA_ERROR', expected, observed,
      detail: `the upgrade did not take effect: asked ${failed.map((f) => f.asked).join(', ')}, the resumed job runs ${failed.map((f) => f.running).join(', ')}; its restore was not tested under the change`,
    };
  }
  const unknown = findings.filter((f) => f.status === 'unknown');
  if (unknown.length > 0) return { status: 'unknown', expected, observed, detail: unknown.map((f) => f.why).join('; ') };
  return { status: 'pass', expected, observed, detail: `the resumed job runs the upgrade: ${observed}` };
});
