import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproBundles } from '../../../scripts/known-bugs-table.ts';
import { knownBugRows, KNOWN_BUGS } from '../../../harness/report/known-bugs.ts';
import { scenarioBaseName } from '../../../harness/report/html.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

const FIXTURE = join(import.meta.dirname, '..', 'report', 'fixtures', 'op-zoo-stateless-upgrade-operator-flink-1.20.0.json');
const result = (id: string): ScenarioResult => ({ ...(JSON.parse(readFileSync(FIXTURE, 'utf8')) as ScenarioResult), id });

describe('the bundles of reproduced known bugs', () => {
  it('names each reproduced bug\'s bundle where it exists, and says when one left none', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'kb-'));
    const [first, second] = [KNOWN_BUGS[0]!, KNOWN_BUGS[1]!];
    const withBundle = result(first.affected.scenarioId);
    mkdirSync(join(runDir, scenarioBaseName(withBundle)));
    writeFileSync(join(runDir, scenarioBaseName(withBundle), 'bundle.tar.gz'), '');
    const rows = knownBugRows([withBundle, result(second.affected.scenarioId)]);
    expect(reproBundles(runDir, rows)).toEqual([
      { bug: first.id, bundle: join(runDir, scenarioBaseName(withBundle), 'bundle.tar.gz') },
      { bug: second.id },
    ]);
  });
});
