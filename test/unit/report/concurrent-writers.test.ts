// `frh suite --parallel N` runs scenarios in several vitest workers at once, each recording its
// result in the same run folder: whatever the interleaving, the summaries end up with every result.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RESULTS_MODULE = resolve(import.meta.dirname, '../../../harness/report/results.ts');
const WRITERS = 4;
const RESULTS_EACH = 6;

/** One process adding `count` results to the run as fast as it can. */
function writer(root: string, name: string, count: number): Promise<void> {
  const script = `
    const { RunReport } = await import(${JSON.stringify(RESULTS_MODULE)});
    for (let i = 0; i < ${count}; i++) {
      const id = ${JSON.stringify(name)} + '-' + i;
      await new RunReport(${JSON.stringify(root)}, 'run-p').add({
        id, title: id, platform: 'docker', flinkVersion: '2.1.0', verdict: 'PASS', expectedVerdict: 'PASS',
        expected: null, observed: null, explanation: '', checks: [], evidence: {},
        timings: { startedAt: Date.now(), finishedAt: Date.now(), phases: {} },
      });
    }`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`writer ${name} exited ${code}: ${stderr}`))));
  });
}

describe('RunReport with concurrent writers', () => {
  it('keeps every result in results.json, junit.xml and index.html and leaves no temporary file', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'frh-report-parallel-'));
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(root, `w${w}`, RESULTS_EACH)));
    const total = WRITERS * RESULTS_EACH;
    const json = JSON.parse(readFileSync(join(root, 'run-p', 'results.json'), 'utf8')) as { results: Array<{ id: string }> };
    expect(new Set(json.results.map((r) => r.id)).size).toBe(total);
    expect(readFileSync(join(root, 'run-p', 'junit.xml'), 'utf8')).toContain(`tests="${total}"`);
    expect(readdirSync(join(root, 'run-p', 'scenarios')).filter((f) => f.endsWith('.json'))).toHaveLength(total);
    // The HTML report too: a page per scenario, and an index with a row for each.
    expect(readdirSync(join(root, 'run-p', 'scenarios')).filter((f) => f.endsWith('.html'))).toHaveLength(total);
    expect(readFileSync(join(root, 'run-p', 'index.html'), 'utf8').match(/<tr class="as-intended"/g)).toHaveLength(total);
    const leftovers = [...readdirSync(root), ...readdirSync(join(root, 'run-p')), ...readdirSync(join(root, 'run-p', 'scenarios'))].filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    expect(readlinkSync(join(root, 'latest'))).toBe('run-p');
  });
});
