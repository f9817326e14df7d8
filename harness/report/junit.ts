// JUnit XML of a run, for CI systems: one testcase per scenario. A verdict that says the harness
// could not judge (INFRA_ERROR, TIMEOUT, BAD_INPUT) is an <error>; a wrong restore, a PASS where a
// failure was intended, or a failed assertion of the scenario's test is a <failure>.
import type { RunResults, ScenarioResult } from './results.ts';
import { isInfrastructureVerdict, shortfallOf } from '../judge/verdict.ts';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** How CI should count a scenario. */
export function junitOutcome(result: ScenarioResult): 'passed' | 'failure' | 'error' {
  if (shortfallOf(result) === undefined) return 'passed';
  return result.verdict !== result.expectedVerdict && isInfrastructureVerdict(result.verdict) ? 'error' : 'failure';
}

export function toJunitXml(run: RunResults): string {
  const outcomes = run.results.map(junitOutcome);
  const count = (outcome: string): number => outcomes.filter((o) => o === outcome).length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const cases = run.results.map((r, index) => {
    // Each run of a repeated scenario is its own test case, named apart.
    const name = `${r.title} [${r.platform}, Flink ${r.flinkVersion}]${r.repetition ? ` (run ${r.repetition})` : ''}`;
    const outcome = outcomes[index]!;
    const failedAssertions = r.assertionFailures ?? [];
    const message = r.verdict !== r.expectedVerdict
      ? `${r.verdict} (intended ${r.expectedVerdict})`
      : `${r.verdict} as intended, but ${failedAssertions.length} assertion(s) failed: ${failedAssertions.join('; ')}`;
    const text = [r.explanation, ...failedAssertions.map((a) => `assertion failed: ${a}`)].join('\n');
    const body = outcome === 'passed'
      ? `<system-out>${escape(`${r.verdict}: ${r.explanation}`)}</system-out>`
      : `<${outcome} message="${escape(message)}" type="${r.verdict}">${escape(text)}</${outcome}>`;
    return `  <testcase classname="frh.${escape(r.id)}" name="${escape(name)}" time="${seconds(r.timings.finishedAt - r.timings.startedAt)}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="frh ${escape(run.runId)}" tests="${run.results.length}" failures="${count('failure')}" errors="${count('error')}">\n${cases.join('\n')}\n</testsuite>\n`;
}
