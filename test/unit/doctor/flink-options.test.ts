// The doctor's version facts come from Flink's own ConfigOptions (harness/doctor/flink-options.json, written by
// scripts/doctor-facts.ts, which `./run doctor-facts` re-runs against Flink's jars and fails when they differ).
// Here: the committed file has the generator's shape, is what the rules read, and dates the renames the
// old hand-typed table got wrong.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { factsJson, FACTS_FILE, mergeVersions, diffFacts, type RawOption } from '../../../harness/doctor/flink-options-build.ts';
import { FACT_VERSIONS, optionIn, reading, versionsReading, type FlinkOptionFacts } from '../../../harness/doctor/flink-options.ts';
import { parseDocuments } from '../../../harness/doctor/documents.ts';
import { checkDocument, keysRead, keyName } from '../../../harness/doctor/rules.ts';

const committed = readFileSync(resolve(import.meta.dirname, '../../..', FACTS_FILE), 'utf8');
const facts = JSON.parse(committed) as FlinkOptionFacts;

const findings = (text: string, flinkVersion?: string, file = 'config.yaml') =>
  parseDocuments(file, text, { flinkVersion }).flatMap(checkDocument).filter((finding) => finding.severity !== 'info').map((finding) => `${finding.severity} ${finding.rule} ${finding.setting}`).sort();

describe('the committed Flink option facts', () => {
  it('cover every Flink version the doctor names, 1.13 … 2.3, each read from a real patch release', () => {
    expect(FACT_VERSIONS).toEqual(['1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3']);
    for (const [minor, patch] of Object.entries(facts.versions)) expect(patch.startsWith(`${minor}.`), patch).toBe(true);
  });

  it('are in the generator\'s own format (re-serializing them changes nothing) with spans in version order', () => {
    expect(factsJson(facts)).toBe(committed);
    for (const [key, spans] of Object.entries(facts.options)) {
      let previous = -1;
      for (const span of spans) {
        const from = FACT_VERSIONS.indexOf(span.from);
        const to = FACT_VERSIONS.indexOf(span.to);
        expect(from, key).toBeGreaterThan(previous);
        expect(to, key).toBeGreaterThanOrEqual(from);
        previous = to;
      }
    }
    expect(committed.length).toBeLessThan(150_000);
  });

  it('date the 1.17 renames to 1.17, not 1.20 (issue 27)', () => {
    for (const [old, current] of [['state.backend', 'state.backend.type'], ['restart-strategy', 'restart-strategy.type'], ['high-availability', 'high-availability.type'], ['execution.checkpointing.unaligned', 'execution.checkpointing.unaligned.enabled']]) {
      expect(reading('1.16', old!), old).toMatchObject({ option: old, as: 'key' });
      expect(reading('1.17', old!), old).toEqual({ option: current, as: 'deprecated' });
      expect(optionIn('1.16', current!), current).toBeUndefined();
      expect(optionIn('1.17', current!), current).toBeDefined();
    }
  });

  it('know the older deprecations the hand table skipped', () => {
    expect(reading('1.15', 'high-availability.zookeeper.storageDir')).toEqual({ option: 'high-availability.storageDir', as: 'deprecated' });
    expect(reading('1.15', 'state.backend.fs.checkpointdir')).toEqual({ option: 'state.checkpoints.dir', as: 'deprecated' });
    expect(reading('1.15', 'taskmanager.heap.size')).toMatchObject({ as: 'key', deprecated: true });
    expect(versionsReading('taskmanager.heap.size').at(-1)).toBe('1.20');
  });

  it('the rules read the keys each version reads, in Flink\'s order', () => {
    const doc = (flinkVersion?: string) => parseDocuments('config.yaml', 'parallelism.default: 1', { flinkVersion })[0]!;
    expect(keysRead(doc('1.19'), 'checkpointDir')).toEqual(['state.checkpoints.dir', 'state.backend.fs.checkpointdir']);
    expect(keysRead(doc('2.1'), 'checkpointDir')).toEqual(['execution.checkpointing.dir', 'state.checkpoints.dir', 'state.backend.fs.checkpointdir']);
    expect(keysRead(doc('1.16'), 'haType')).toEqual(['high-availability', 'recovery.mode']);
    expect(keyName(doc('1.15'), 'haType')).toBe('high-availability');
    expect(keyName(doc('1.17'), 'haType')).toBe('high-availability.type');
    expect(keyName(doc(), 'haType')).toBe('high-availability (high-availability.type from Flink 1.17)');
  });
});

describe('rules on top of the facts', () => {
  it('ha-off names high-availability before 1.17 and high-availability.type from 1.17 (not from 1.15)', () => {
    const fix = (version: string) => parseDocuments('config.yaml', 'execution.checkpointing.interval: 10s', { flinkVersion: version }).flatMap(checkDocument).find((finding) => finding.rule === 'ha-off')!.fix;
    expect(fix('1.15')).toMatch(/^set high-availability: /);
    expect(fix('1.16')).toMatch(/^set high-availability: /);
    expect(fix('1.17')).toMatch(/^set high-availability\.type: /);
  });

  it('deprecated-key warns on 1.17-1.19 about the 1.17 renames, and not on 1.16', () => {
    const text = 'state.backend: rocksdb\nrestart-strategy: fixed-delay\nexecution.checkpointing.unaligned: true\n';
    const renamed = ['warning deprecated-key execution.checkpointing.unaligned', 'warning deprecated-key restart-strategy', 'warning deprecated-key state.backend'];
    for (const version of ['1.17', '1.18', '1.19']) expect(findings(text, version).filter((line) => line.includes('deprecated-key')), version).toEqual(renamed);
    expect(findings(text, '1.16').filter((line) => line.includes('deprecated-key'))).toEqual([]);
    expect(findings(text).filter((line) => line.includes('deprecated-key'))).toEqual([]);
  });

  it('deprecated-key warns about old aliases (high-availability.zookeeper.storageDir, 1.8-era heap keys) on every covered version', () => {
    const text = 'high-availability.type: zookeeper\nhigh-availability.zookeeper.storageDir: hdfs:///flink/ha\ntaskmanager.heap.size: 2g\n';
    expect(findings(text, '1.18')).toEqual(expect.arrayContaining(['warning deprecated-key high-availability.zookeeper.storageDir', 'warning deprecated-key taskmanager.heap.size']));
  });

  it('key-not-in-version: 1.17 names on 1.16, 1.20 names on 1.19, keys 2.0 removed', () => {
    expect(findings('high-availability.type: kubernetes\nhigh-availability.storageDir: s3://b/ha\n', '1.16')).toContain('error key-not-in-version high-availability.type');
    expect(findings('execution.checkpointing.dir: s3://b/cp\n', '1.19')).toContain('error key-not-in-version execution.checkpointing.dir');
    const removed = parseDocuments('config.yaml', 'taskmanager.heap.size: 2g\n', { flinkVersion: '2.0' }).flatMap(checkDocument).find((finding) => finding.rule === 'key-not-in-version')!;
    expect(removed).toMatchObject({ severity: 'warning', setting: 'taskmanager.heap.size' });
    expect(removed.message).toMatch(/no longer read by Flink 2\.0 \(last read by 1\.20, removed in 2\.0/);
    // Keys the facts do not know (plugin keys, typos) are never judged: no key-not-in-version for them.
    expect(findings('s3.access-key: x\nmy.own.key: y\n', '2.1').filter((line) => line.includes('key-not-in-version'))).toEqual([]);
  });

  it('a key newer than an old flink-conf.yaml (known only as "before 1.10") is flagged; one the oldest covered version reads is not judged', () => {
    const old = 'taskmanager.heap.mb: 1024\nstate.checkpoints.dir: file:///data/cp\nhigh-availability: zookeeper\nhigh-availability.type: zookeeper\nrestart-strategy.type: fixed-delay\n';
    expect(findings(old, undefined, 'flink-conf.yaml').filter((line) => line.includes('key-not-in-version'))).toEqual(['error key-not-in-version restart-strategy.type']);
  });
});

describe('the generator\'s merge and diff', () => {
  const raw = (key: string, more: Partial<RawOption> = {}): RawOption => ({ key, deprecatedKeys: [], fallbackKeys: [], deprecated: false, public: true, class: 'X.Y', ...more });

  it('joins equal consecutive versions into one span; a key declared by a live and a deprecated field is live', () => {
    const merged = mergeVersions({
      '1.16': [raw('state.backend')],
      '1.17': [raw('state.backend.type', { deprecatedKeys: ['state.backend'] }), raw('state.backend.type', { deprecated: true, class: 'Old.Z' })],
      '1.18': [raw('state.backend.type', { deprecatedKeys: ['state.backend'] })],
    }, { '1.16': '1.16.3', '1.17': '1.17.2', '1.18': '1.18.1' });
    expect(merged.options).toEqual({
      'state.backend': [{ from: '1.16', to: '1.16' }],
      'state.backend.type': [{ from: '1.17', to: '1.18', deprecatedKeys: ['state.backend'] }],
    });
  });

  it('keeps keys outside the doctor\'s families only when they were ever renamed or deprecated', () => {
    const merged = mergeVersions({ '2.0': [raw('web.port'), raw('rest.port', { fallbackKeys: ['web.port'] }), raw('metrics.fetcher.update-interval')] }, { '2.0': '2.0.1' });
    expect(Object.keys(merged.options).sort()).toEqual(['rest.port', 'web.port']);
  });

  it('summarizes what changed key by key', () => {
    const before = factsJson({ versions: { '2.0': '2.0.1' }, options: { a: [{ from: '2.0', to: '2.0' }], b: [{ from: '2.0', to: '2.0' }] } });
    const after = factsJson({ versions: { '2.0': '2.0.1' }, options: { b: [{ from: '2.0', to: '2.0', deprecated: true }], c: [{ from: '2.0', to: '2.0' }] } });
    expect(diffFacts(before, after)).toEqual(['- a [{"from":"2.0","to":"2.0"}]', '~ b [{"from":"2.0","to":"2.0"}] -> [{"from":"2.0","to":"2.0","deprecated":true}]', '+ c [{"from":"2.0","to":"2.0"}]']);
  });
});
