// JUnit XML of a run, for CI systems: one testcase per scenario, a failure when the verdict is not
// the one the scenario intended.
import type { RunResults } from './results.ts';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toJunitXml(run: RunResults): string {
  const failures = run.results.filter((r) => r.verdict !== r.expectedVerdict).length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const cases = run.results.map((r) => {
    const name = `${r.title} [${r.platform}, Flink ${r.flinkVersion}]`;
    const body = r.verdict === r.expectedVerdict
      ? `<system-out>${escape(`${r.verdict}: ${r.explanation}`)}</system-out>`
      : `<failure message="${escape(`${r.verdict} (intended ${r.expectedVerdict})`)}" type="${r.verdict}">${escape(r.explanation)}</failure>`;
    return `  <testcase classname="frh.${escape(r.id)}" name="${escape(name)}" time="${seconds(r.timings.finishedAt - r.timings.startedAt)}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="frh ${escape(run.runId)}" tests="${run.results.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n</testsuite>\n`;
}
