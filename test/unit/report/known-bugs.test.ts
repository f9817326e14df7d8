import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_BUGS, knownBugRows, knownBugsMarkdown, knownBugsSummary, hasKnownBugResults, type KnownBug } from '../../../harness/report/known-bugs.ts';
import { scenarioFileOf } from '../../../harness/report/bundle.ts';
import { renderIndex } from '../../../harness/report/html.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

// A real result (the Operator zoo case that ends in NO_RESTORE, as intended), renamed per case.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'op-zoo-stateless-upgrade-operator-flink-1.20.0.json');
const result = (id: string, changes: Partial<ScenarioResult> = {}): ScenarioResult => ({ ...(JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScenarioResult), id, ...changes });

const BUGS: KnownBug[] = [
  { id: 'FLINK-1', title: 'one', record: [], affected: { version: 'old', scenarioId: 'kb-1-old' }, fixed: { version: 'new', scenarioId: 'kb-1-new' } },
  { id: 'FLINK-2', title: 'two', record: [], affected: { version: 'old', scenarioId: 'kb-2-old' }, fixed: { none: 'not built here' } },
  { id: 'FLINK-3', title: 'three', record: [], affected: { version: 'old', scenarioId: 'kb-3-old' }, fixed: { none: 'not built here' } },
];

describe('known bugs', () => {
  it('names only scenarios a built-in scenario file defines', () => {
    for (const bug of KNOWN_BUGS) {
      expect(scenarioFileOf(bug.affected.scenarioId), bug.id).toBeDefined();
      if ('scenarioId' in bug.fixed) expect(scenarioFileOf(bug.fixed.scenarioId), bug.id).toBeDefined();
    }
  });

  it('reproduced: the affected version ended as intended; not reproduced: a verdict or a fact missed; not run: no result', () => {
    const rows = knownBugRows([
      result('kb-1-old'),
      result('kb-1-new', { verdict: 'PASS', expectedVerdict: 'NO_RESTORE' }),
      result('kb-2-old', { assertionFailures: ['the mechanism: does not hold'] }),
    ], BUGS);
    expect(rows.map((r) => r.status)).toEqual(['reproduced', 'not reproduced', 'not run']);
    expect(rows[0]!.fixedBehaviour).toBe('fixed behaviour NOT seen');
    expect(rows[1]!.fixedBehaviour).toBeUndefined();
    const table = knownBugsMarkdown(rows);
    expect(table.split('\n')[0]).toBe('| bug | title | versions | affected version | fixed version | seen |');
    expect(table).toContain('| FLINK-1 | one | affected: old; fixed: new | NO_RESTORE (as the bug says) | PASS (intended NO_RESTORE) | reproduced; fixed behaviour NOT seen |');
    expect(table).toContain('NO_RESTORE (intended NO_RESTORE; the mechanism: does not hold)');
    expect(table).toContain('| FLINK-3 | three | affected: old; fixed: none here | not run | — (not built here) | not run |');
    expect(knownBugsSummary(rows)).toBe('known bugs: reproduced 1 of 2 run (3 known); fixed behaviour seen 0 of 1 fixed-version run(s)');
  });

  it('the fixed version shows the fix when it ends as its scenario intends; the last result of a scenario counts', () => {
    const rows = knownBugRows([result('kb-1-old'), result('kb-1-new', { verdict: 'TIMEOUT' }), result('kb-1-new')], BUGS);
    expect(rows[0]!.fixedBehaviour).toBe('fixed behaviour seen');
  });

  it('the run index shows the table only when a known bug ran', () => {
    const run = (results: ScenarioResult[]) => renderIndex({ runId: 'kb', startedAt: 0, results });
    expect(hasKnownBugResults([result('other')])).toBe(false);
    expect(run([result('other')])).not.toContain('id="known-bugs"');
    const bug = KNOWN_BUGS[0]!;
    const html = run([result(bug.affected.scenarioId)]);
    expect(html).toContain('<h2 id="known-bugs">Known bugs</h2>');
    expect(html).toContain(`<td class="wrap">${bug.id}</td>`);
  });
});
