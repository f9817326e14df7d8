import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderIndex, renderScenarioPage, timelineEvents, configNotes } from '../../../harness/report/html.ts';
import { RunReport } from '../../../harness/report/results.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

// Real output of `frh suite` (the Operator zoo case that ends in NO_RESTORE, as intended), without its logs.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'op-zoo-stateless-upgrade-operator-flink-1.20.0.json');
const zoo = (): ScenarioResult => JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScenarioResult;

describe('HTML report of a scenario', () => {
  it('draws the checkpoints, the fault, when it took effect and the restore on the timeline', () => {
    const html = renderScenarioPage(zoo(), 'op5');
    const svg = /<svg[\s\S]*<\/svg>/.exec(html)![0];
    expect(svg.match(/class="mark snapshot/g)).toHaveLength(6); // 3 seen by REST, 3 in storage
    expect(svg).toMatch(/class="mark snapshot expected" data-at="1795980847856"/);
    expect(svg).toMatch(/class="mark fault" data-at="1795980848157"/);
    expect(svg).toMatch(/class="mark fault-effective" data-at="1795980850669"/);
    // No restore time was recorded (empty state): the mark sits at the end of the restore phase.
    expect(svg).toMatch(/class="mark restore" data-at="1795980867541"/);
    expect(svg).toContain('restore: nothing (empty state)');
    expect(svg.match(/class="mark check check-fail"/g)).toHaveLength(2);
    expect(html).toContain('restored nothing (empty state) (no restore time recorded: end of the restore phase)');
  });

  it('shows the verdict, the explanation, each check and the config notes', () => {
    const html = renderScenarioPage(zoo(), 'op5');
    expect(html).toContain('NO_RESTORE</span> as intended');
    expect(html).toContain('Likely cause: the FlinkDeployment&#39;s upgradeMode is stateless');
    expect(html.match(/<tr class="check">/g)).toHaveLength(5);
    expect(html).toMatch(/output-continuity<\/td><td class="status-fail">fail \(STATE_LOSS\)/);
    expect(configNotes(zoo())[0]).toMatch(/^the FlinkDeployment's upgradeMode is stateless/);
    expect(configNotes(zoo())).toContain('resumed by: LATEST_STATE (reference model of Ververica Platform\'s restore strategy)');
  });

  it('escapes everything taken from the result, logs included', () => {
    const r = zoo();
    r.title = 'a <b>bold</b> title';
    r.explanation = 'Likely cause: <script>alert(1)</script>.';
    r.checks[0]!.detail = '<img src=x onerror=alert(1)>';
    r.evidence.diagnostics = { 'jobmanager': 'ERROR <init> failed & "quoted" </pre><script>alert(2)</script>' };
    const html = renderScenarioPage(r, '<run>');
    expect(html).not.toMatch(/<script|<img|<b>|<\/pre><script/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('ERROR &lt;init&gt; failed &amp; &quot;quoted&quot; &lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('<details class="log"><summary>jobmanager');
  });

  it('loads nothing from elsewhere and is the same every time', () => {
    const html = renderScenarioPage(zoo(), 'op5');
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script|<link|@import|url\(/);
    expect(html).toContain("default-src 'none'");
    expect(renderScenarioPage(zoo(), 'op5')).toBe(html);
  });

  it('marks a restore that never came (a timeout) where the run ended', () => {
    const r = zoo();
    r.verdict = 'TIMEOUT';
    r.expectedVerdict = 'PASS';
    r.expected = null;
    r.observed = null;
    r.checks = [];
    r.timings.phases = { deploy: 1_000, running: 1_000, 'before-fault': 1_000, fault: 1_000 };
    const html = renderScenarioPage(r, 'op4');
    expect(html).toMatch(new RegExp(`class="mark restore" data-at="${r.timings.finishedAt}"`));
    expect(html).toContain('restore: none seen (TIMEOUT)');
    expect(html).toContain('no restore seen: the run ended (TIMEOUT) before the job came back');
    expect(html).toContain('<strong>not as intended</strong> (intended PASS)');
  });

  it('lists events in time order, a result that ended before the fault without a restore', () => {
    const r = zoo();
    r.evidence = {};
    r.observed = null;
    delete r.timings.faultAt;
    expect(timelineEvents(r)).toEqual([]);
    expect(() => renderScenarioPage(r, 'x')).not.toThrow();
  });
});

describe('HTML index of a run', () => {
  it('has one row per scenario linking to its page, written with results.json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-html-'));
    const failing = { ...zoo(), id: 'wrong <one>', verdict: 'RESTORE_MISMATCH' as const, expectedVerdict: 'PASS' as const, observed: { kind: 'checkpoint' as const, id: 2, path: 's3://flink/chk-2' } };
    failing.timings = { ...failing.timings, startedAt: failing.timings.startedAt + 1 };
    await new RunReport(root, 'run-1').add(zoo());
    await new RunReport(root, 'run-1').add(failing);
    const index = readFileSync(join(root, 'run-1', 'index.html'), 'utf8');
    expect(index.match(/<tr class="(as-intended|shortfall)"/g)).toEqual(['<tr class="as-intended"', '<tr class="shortfall"']);
    expect(index).toContain('<a href="scenarios/op-zoo-stateless-upgrade-operator-flink-1.20.0.html">');
    expect(index).toContain('<a href="scenarios/wrong%20%3Cone%3E-operator-flink-1.20.0.html">');
    expect(index).toContain('1 scenario(s) did not end as intended.');
    expect(index).toContain('checkpoint 3 (s3://flink/checkpoints/d61f51826667d4db027f6a206c6c1cbe/chk-3) → checkpoint 2 (s3://flink/chk-2)');
    expect(existsSync(join(root, 'run-1', 'scenarios', 'op-zoo-stateless-upgrade-operator-flink-1.20.0.html'))).toBe(true);
    expect(existsSync(join(root, 'run-1', 'scenarios', 'wrong <one>-operator-flink-1.20.0.html'))).toBe(true);
    expect(index).not.toContain('id="history"');

    // A second run: the index gains the history of both.
    const later = zoo();
    later.timings = { ...later.timings, startedAt: later.timings.startedAt + 3_600_000 };
    await new RunReport(root, 'run-2').add(later);
    const second = readFileSync(join(root, 'run-2', 'index.html'), 'utf8');
    expect(second).toContain('<h2 id="history">History: the last 2 run(s), oldest first</h2>');
    expect(second).toMatch(/op-zoo-stateless-upgrade \[operator, Flink 1.20.0\]<\/td><td class="status-pass"[^>]*>\.<\/td><td class="status-pass"[^>]*>\.<\/td><td>2\/2<\/td><td>NO_RESTORE×2/);
    expect(second).toMatch(/wrong &lt;one&gt; \[operator, Flink 1.20.0\]<\/td><td class="status-fail"[^>]*>M<\/td><td class="muted"[^>]*>-<\/td><td>0\/1<\/td>/);
  });

  it('renders the same bytes for the same run', () => {
    const run = { runId: 'r', startedAt: zoo().timings.startedAt, results: [zoo()] };
    expect(renderIndex(run)).toBe(renderIndex(run));
  });
});
