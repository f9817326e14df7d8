// Turns what scripts/doctor-facts.ts read from each Flink version's jars into the doctor's facts file: one
// line per key, each with the version spans over which Flink declares it the same way.
import type { FlinkOptionFacts, OptionSpan } from './flink-options.ts';

export const FACTS_FILE = 'harness/doctor/flink-options.json';

/** One ConfigOption field as ConfigOptionFacts.java prints it. */
export interface RawOption {
  key: string;
  deprecatedKeys: string[];
  fallbackKeys: string[];
  /** The field or its class carries @Deprecated. */
  deprecated: boolean;
  public: boolean;
  default?: string | null;
  class: string;
}

/**
 * Keys whose whole history is kept: the families the doctor's rules read. Outside them only keys that were
 * ever renamed, deprecated or read through a fallback are kept (what deprecated-key and key-not-in-version need).
 */
export const KEPT_FAMILIES = /^(execution\.checkpointing\.|execution\.savepoint|execution\.state-recovery\.|state\.|high-availability|restart-strategy|kubernetes\.cluster-id$|recovery\.|savepoints?\.|jobmanager\.(heap|memory\.process|memory\.flink)|taskmanager\.(heap|memory\.process|memory\.flink))/;

type Declared = Omit<OptionSpan, 'from' | 'to'>;

/** Several fields may declare one key (an option moved between classes): it is deprecated only when every declaration is. */
function mergeDeclarations(raws: RawOption[]): Declared {
  const live = raws.filter((raw) => !raw.deprecated);
  const ordered = [...live, ...raws.filter((raw) => raw.deprecated)];
  const unique = (lists: string[][]) => [...new Set(lists.flat())];
  const declared: Declared = {};
  const deprecatedKeys = unique(ordered.map((raw) => raw.deprecatedKeys));
  const fallbackKeys = unique(ordered.map((raw) => raw.fallbackKeys));
  if (deprecatedKeys.length > 0) declared.deprecatedKeys = deprecatedKeys;
  if (fallbackKeys.length > 0) declared.fallbackKeys = fallbackKeys;
  if (live.length === 0) declared.deprecated = true;
  const withDefault = ordered.find((raw) => raw.default !== undefined && raw.default !== null);
  if (withDefault) declared.default = withDefault.default!;
  return declared;
}

export function mergeVersions(perVersion: Record<string, RawOption[]>, patches: Record<string, string>): FlinkOptionFacts {
  const versions = Object.keys(perVersion);
  const byVersion = versions.map((version) => {
    const grouped = new Map<string, RawOption[]>();
    for (const raw of perVersion[version]!) grouped.set(raw.key, [...grouped.get(raw.key) ?? [], raw]);
    return new Map([...grouped].map(([key, raws]) => [key, mergeDeclarations(raws)]));
  });
  const aliases = new Set(byVersion.flatMap((declared) => [...declared.values()].flatMap((entry) => [...entry.deprecatedKeys ?? [], ...entry.fallbackKeys ?? []])));
  const keys = [...new Set(byVersion.flatMap((declared) => [...declared.keys()]))].sort();
  const options: Record<string, OptionSpan[]> = {};
  for (const key of keys) {
    const history = byVersion.map((declared) => declared.get(key));
    const kept = KEPT_FAMILIES.test(key) || aliases.has(key) || history.some((entry) => entry && (entry.deprecated || entry.deprecatedKeys || entry.fallbackKeys));
    if (!kept) continue;
    const spans: OptionSpan[] = [];
    history.forEach((entry, index) => {
      if (!entry) return;
      const last = spans.at(-1);
      const { from: _from, to: _to, ...previous } = last ?? { from: '', to: '' };
      if (last && last.to === versions[index - 1] && JSON.stringify(previous) === JSON.stringify(entry)) last.to = versions[index]!;
      else spans.push({ from: versions[index]!, to: versions[index]!, ...entry });
    });
    options[key] = spans;
  }
  return { versions: Object.fromEntries(versions.map((version) => [version, patches[version]!])), options };
}

/** One key a line, so a regeneration's diff reads as "this key changed in these versions". */
export function factsJson(facts: FlinkOptionFacts): string {
  const lines = Object.entries(facts.options).map(([key, spans]) => `    ${JSON.stringify(key)}: ${JSON.stringify(spans)}`);
  return `{\n  "generatedBy": "scripts/doctor-facts.ts from the ConfigOption fields of Flink's jars (flink-core, -runtime, -streaming-java, -clients, -kubernetes, -statebackend-rocksdb)",\n  "versions": ${JSON.stringify(facts.versions)},\n  "options": {\n${lines.join(',\n')}\n  }\n}\n`;
}

/** Keys added, removed or changed between two facts files, one line each. */
export function diffFacts(before: string, after: string): string[] {
  const read = (text: string): Record<string, OptionSpan[]> => (text ? (JSON.parse(text) as FlinkOptionFacts).options : {});
  const old = read(before);
  const current = read(after);
  const lines: string[] = [];
  for (const key of [...new Set([...Object.keys(old), ...Object.keys(current)])].sort()) {
    const was = JSON.stringify(old[key]);
    const now = JSON.stringify(current[key]);
    if (was === now) continue;
    lines.push(old[key] === undefined ? `+ ${key} ${now}` : current[key] === undefined ? `- ${key} ${was}` : `~ ${key} ${was} -> ${now}`);
  }
  return lines;
}
