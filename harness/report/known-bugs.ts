// Publicly reported restore bugs this harness reproduces (./run known-bugs): each bug's public record,
// the scenario that provokes it on an affected version and, where this machine builds one, on a
// fixed version. A run's results say which of them were seen: the table goes to the console, the
// README and the run's index.html.
import type { ScenarioResult } from './results.ts';
import { shortfallOf } from '../judge/verdict.ts';

/** One version a bug's scenario runs on, and the scenario that runs there. */
export interface BugRun {
  /** e.g. "operator 1.3.0 (Flink 1.20.0)". */
  version: string;
  scenarioId: string;
}

export interface KnownBug {
  /** The JIRA key, e.g. FLINK-30437. */
  id: string;
  title: string;
  /** Where the bug is described and fixed (JIRA, pull request, fix commit). */
  record: string[];
  affected: BugRun;
  /** A fixed version this machine builds, or why none runs here. */
  fixed: BugRun | { none: string };
}

/** What a bug's runs showed. */
export type BugStatus = 'reproduced' | 'not reproduced' | 'not run';

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'FLINK-30406',
    title: 'Operator: after a savepoint-mode upgrade whose JobManager never started, the next spec change waits for HA metadata forever instead of upgrading from the recorded savepoint',
    record: [
      'https://issues.apache.org/jira/browse/FLINK-30406',
      'https://github.com/apache/flink-kubernetes-operator/pull/489 (fix 6ff02908 on main, first in 1.4.0; 5ed117cb in 1.3.1)',
    ],
    affected: { version: 'operator 1.3.0 (Flink 1.20.0)', scenarioId: 'kb-flink-30406-operator-1-3' },
    fixed: { version: 'operator 1.7.0 (Flink 1.20.0)', scenarioId: 'kb-flink-30406-operator-1-7' },
  },
  {
    id: 'FLINK-30437',
    title: 'Operator: the job\'s HA ConfigMap is gone but the cluster\'s remains; a last-state restore starts empty instead of refusing',
    record: [
      'https://issues.apache.org/jira/browse/FLINK-30437',
      'https://github.com/apache/flink-kubernetes-operator/pull/488 (fix c4e76402 on main, 4e583a0f in 1.3.1)',
    ],
    affected: { version: 'operator 1.3.0 (Flink 1.20.0)', scenarioId: 'kb-flink-30437-operator-1-3' },
    fixed: { version: 'operator 1.7.0 (Flink 1.20.0)', scenarioId: 'kb-flink-30437-operator-1-7' },
  },
  {
    id: 'FLINK-32012',
    title: 'Operator: a savepoint-mode upgrade whose new JobManager never starts is not rolled back (no HA metadata), although the upgrade savepoint is recorded; the job stays down',
    record: [
      'https://issues.apache.org/jira/browse/FLINK-32012',
      'https://github.com/apache/flink-kubernetes-operator/pull/590 (fix d346ca9c, first in 1.6.0)',
    ],
    affected: { version: 'operator 1.3.0 (Flink 1.20.0)', scenarioId: 'kb-flink-32012-operator-1-3' },
    fixed: { version: 'operator 1.7.0 (Flink 1.20.0)', scenarioId: 'kb-flink-32012-operator-1-7' },
  },
  {
    id: 'FLINK-35292',
    title: 'Operator: a last-state deployment also hands Flink the last recorded savepoint as execution.savepoint.path; HA metadata gone at the wrong moment → the job restores that old savepoint',
    record: [
      'https://issues.apache.org/jira/browse/FLINK-35292',
      'https://github.com/apache/flink-kubernetes-operator/pull/849 (fix 207b149f, first in 1.10.0)',
    ],
    affected: { version: 'operator 1.7.0 (Flink 1.20.0)', scenarioId: 'kb-flink-35292-operator-1-7' },
    fixed: { none: 'fixed in operator 1.10.0; Maven Central serves the operator here only up to 1.7.0 (1.3.0 has the same restoreJob rule)' },
  },
  {
    id: 'FLINK-35857',
    title: 'Operator: a failed job restarted by the operator (job.restart.failed) comes back without its newest checkpoint',
    record: [
      'https://issues.apache.org/jira/browse/FLINK-35857',
      'https://github.com/apache/flink-kubernetes-operator/pull/855 (fix 5296d63c, first in 1.10.0)',
    ],
    affected: { version: 'operator 1.7.0 (Flink 1.20.0)', scenarioId: 'op-restarts-exhausted' },
    fixed: { none: 'fixed in operator 1.10.0; Maven Central serves the operator here only up to 1.7.0' },
  },
  {
    id: 'FLINK-39513',
    title: 'Flink: allowNonRestoredState ignored when the job restores from HA (a last-state upgrade that dropped a stateful operator)',
    record: [
      'https://issues.apache.org/jira/browse/FLINK-39513',
      'https://github.com/apache/flink/pull/27991',
    ],
    affected: { version: 'Flink 1.20.0 (operator 1.7.0)', scenarioId: 'kb-flink-39513-flink-1-20' },
    fixed: { none: 'no release here has the fix: CheckpointCoordinator.restoreInitialCheckpointIfPresent takes no allowNonRestoredState in 1.20.0, 2.0.0, 2.1.0 or 2.3.0 (javap on the jars Maven Central serves); 2.x does not run under operator 1.7.0' },
  },
];

export interface BugRow {
  bug: KnownBug;
  affected?: ScenarioResult;
  fixed?: ScenarioResult;
  status: BugStatus;
  /** Whether the fixed version behaved as its fix says (PASS or the fix's refusal), when it ran. */
  fixedBehaviour?: 'fixed behaviour seen' | 'fixed behaviour NOT seen';
}

/** A scenario ended as its definition intended: its verdict, what it restored and every fact it also shows. */
function asIntended(result: ScenarioResult): boolean {
  return shortfallOf(result) === undefined;
}

/** Each known bug with what `results` show of it (the last result of each scenario counts). */
export function knownBugRows(results: readonly ScenarioResult[], bugs: readonly KnownBug[] = KNOWN_BUGS): BugRow[] {
  const last = (scenarioId: string): ScenarioResult | undefined => results.filter((r) => r.id === scenarioId).at(-1);
  return bugs.map((bug) => {
    const affected = last(bug.affected.scenarioId);
    const fixed = 'scenarioId' in bug.fixed ? last(bug.fixed.scenarioId) : undefined;
    const status: BugStatus = !affected ? 'not run' : asIntended(affected) ? 'reproduced' : 'not reproduced';
    return {
      bug,
      ...(affected ? { affected } : {}),
      ...(fixed ? { fixed, fixedBehaviour: asIntended(fixed) ? 'fixed behaviour seen' as const : 'fixed behaviour NOT seen' as const } : {}),
      status,
    };
  });
}

/** Whether any of the results belongs to a known bug (the index shows the table only then). */
export function hasKnownBugResults(results: readonly ScenarioResult[], bugs: readonly KnownBug[] = KNOWN_BUGS): boolean {
  const ids = new Set(bugs.flatMap((b) => [b.affected.scenarioId, ...('scenarioId' in b.fixed ? [b.fixed.scenarioId] : [])]));
  return results.some((r) => ids.has(r.id));
}

function verdictCell(result: ScenarioResult | undefined, intendedBy: string): string {
  if (!result) return 'not run';
  if (asIntended(result)) return `${result.verdict} (as ${intendedBy} says)`;
  const failures = result.assertionFailures ?? [];
  return `${result.verdict} (intended ${result.expectedVerdict}${failures.length > 0 ? `; ${failures.join('; ')}` : ''})`;
}

/** The table's cells, one row per bug: bug, title, versions, the verdict on each, what was seen. */
export function knownBugCells(rows: readonly BugRow[]): string[][] {
  return rows.map(({ bug, affected, fixed, status, fixedBehaviour }) => [
    bug.id,
    bug.title,
    `affected: ${bug.affected.version}; fixed: ${'scenarioId' in bug.fixed ? bug.fixed.version : 'none here'}`,
    verdictCell(affected, 'the bug'),
    'scenarioId' in bug.fixed ? verdictCell(fixed, 'the fix') : `— (${bug.fixed.none})`,
    [status, ...(fixedBehaviour ? [fixedBehaviour] : [])].join('; '),
  ]);
}

export const KNOWN_BUG_HEADERS = ['bug', 'title', 'versions', 'affected version', 'fixed version', 'seen'] as const;

/** The table as Markdown (the console and the README). */
export function knownBugsMarkdown(rows: readonly BugRow[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(KNOWN_BUG_HEADERS), line(KNOWN_BUG_HEADERS.map(() => '---')), ...knownBugCells(rows).map(line)].join('\n');
}

/** "reproduced: N of M" over the bugs that ran. */
export function knownBugsSummary(rows: readonly BugRow[]): string {
  const ran = rows.filter((r) => r.status !== 'not run');
  const reproduced = ran.filter((r) => r.status === 'reproduced').length;
  const fixedRuns = rows.filter((r) => r.fixedBehaviour);
  const fixedSeen = fixedRuns.filter((r) => r.fixedBehaviour === 'fixed behaviour seen').length;
  return `known bugs: reproduced ${reproduced} of ${ran.length} run (${rows.length} known); fixed behaviour seen ${fixedSeen} of ${fixedRuns.length} fixed-version run(s)`;
}
