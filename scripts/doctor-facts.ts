// Generates the doctor's Flink version facts (harness/doctor/flink-options.json) from Flink's own jars:
// for each Flink version the doctor names, Maven fetches the modules that declare the ConfigOptions it
// judges, and scripts/doctor-facts/ConfigOptionFacts.java reflects over them. Nothing here is typed by hand
// except which versions and modules to read.
//   node scripts/doctor-facts.ts          regenerate the committed file
//   node scripts/doctor-facts.ts --check  exit 1 (with a summary of what differs) when the committed file is stale
// Needs Maven and a JDK 17+ (java runs the extractor as a single source file). `./run doctor-facts` runs it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { diffFacts, FACTS_FILE, factsJson, mergeVersions, type RawOption } from '../harness/doctor/flink-options-build.ts';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Minor → the patch read (the newest Maven serves). Modules whose newest patch is older, or whose artifact
 * still carried the Scala suffix, say so. Modules: flink-core (most options), flink-runtime (savepoint
 * restore, before 1.20), flink-streaming-java (execution.checkpointing.* before 1.20), flink-clients,
 * flink-kubernetes (cluster id, Kubernetes HA), flink-statebackend-rocksdb.
 */
export const FLINK_VERSIONS: Record<string, { patch: string; artifacts?: Record<string, string> }> = {
  '1.13': { patch: '1.13.6', artifacts: { 'flink-runtime': 'flink-runtime_2.12', 'flink-streaming-java': 'flink-streaming-java_2.12', 'flink-clients': 'flink-clients_2.12', 'flink-kubernetes': 'flink-kubernetes_2.12:1.13.0', 'flink-statebackend-rocksdb': 'flink-statebackend-rocksdb_2.12' } },
  '1.14': { patch: '1.14.6', artifacts: { 'flink-streaming-java': 'flink-streaming-java_2.12', 'flink-clients': 'flink-clients_2.12', 'flink-kubernetes': 'flink-kubernetes_2.12', 'flink-statebackend-rocksdb': 'flink-statebackend-rocksdb_2.12' } },
  '1.15': { patch: '1.15.4' },
  '1.16': { patch: '1.16.3' },
  '1.17': { patch: '1.17.2' },
  '1.18': { patch: '1.18.1' },
  '1.19': { patch: '1.19.3', artifacts: { 'flink-kubernetes': 'flink-kubernetes:1.19.1' } },
  '1.20': { patch: '1.20.3', artifacts: { 'flink-kubernetes': 'flink-kubernetes:1.20.1' } },
  '2.0': { patch: '2.0.1', artifacts: { 'flink-kubernetes': 'flink-kubernetes:2.0.0' } },
  '2.1': { patch: '2.1.1', artifacts: { 'flink-kubernetes': 'flink-kubernetes:2.1.0' } },
  '2.2': { patch: '2.2.0' },
  '2.3': { patch: '2.3.0' },
};
const MODULES = ['flink-core', 'flink-runtime', 'flink-streaming-java', 'flink-clients', 'flink-kubernetes', 'flink-statebackend-rocksdb'];

function artifactsOf(minor: string): Array<{ artifactId: string; version: string }> {
  const { patch, artifacts = {} } = FLINK_VERSIONS[minor]!;
  return MODULES.map((module) => {
    const [artifactId, version] = (artifacts[module] ?? module).split(':');
    return { artifactId: artifactId!, version: version ?? patch };
  });
}

/** Modules whose option classes load classes of their dependencies (RocksDBOptions: org.rocksdb enums). */
const WITH_DEPENDENCIES = new Set(['flink-core', 'flink-statebackend-rocksdb']);

/** A pom whose classpath is the modules, with only the dependencies their option classes need to load. */
function pom(minor: string): string {
  const dependencies = artifactsOf(minor).map(({ artifactId, version }) => `    <dependency><groupId>org.apache.flink</groupId><artifactId>${artifactId}</artifactId><version>${version}</version>${WITH_DEPENDENCIES.has(artifactId.replace(/_2\.12$/, '')) ? '' : '<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>'}</dependency>`);
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>frh</groupId><artifactId>doctor-facts-${minor}</artifactId><version>1</version>\n  <dependencies>\n${dependencies.join('\n')}\n  </dependencies>\n</project>\n`;
}

function optionsOf(minor: string, work: string): RawOption[] {
  const dir = resolve(work, minor);
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'pom.xml'), pom(minor));
  execFileSync('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', resolve(dir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${resolve(dir, 'classpath.txt')}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  const classpath = readFileSync(resolve(dir, 'classpath.txt'), 'utf8').trim();
  const wanted = new Set(artifactsOf(minor).map(({ artifactId, version }) => `${artifactId}-${version}.jar`));
  const jars = classpath.split(':').filter((path) => wanted.has(basename(path)));
  if (jars.length !== wanted.size) throw new Error(`Flink ${minor}: expected ${[...wanted].join(', ')} on the classpath, found ${jars.map((jar) => basename(jar)).join(', ')}`);
  const out = execFileSync('java', [resolve(ROOT, 'scripts/doctor-facts/ConfigOptionFacts.java'), classpath, ...jars], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  const options = out.trim().split('\n').map((line) => JSON.parse(line) as RawOption);
  process.stderr.write(`doctor-facts: Flink ${minor} (${FLINK_VERSIONS[minor]!.patch}): ${options.length} options\n`);
  return options;
}

const check = process.argv.includes('--check');
const work = resolve(process.env.FRH_CACHE ?? resolve(homedir(), '.cache/frh'), 'doctor-facts');
const perVersion = Object.fromEntries(Object.keys(FLINK_VERSIONS).map((minor) => [minor, optionsOf(minor, work)]));
const patches = Object.fromEntries(Object.entries(FLINK_VERSIONS).map(([minor, { patch }]) => [minor, patch]));
const generated = factsJson(mergeVersions(perVersion, patches));
const target = resolve(ROOT, FACTS_FILE);
let committed = '';
try {
  committed = readFileSync(target, 'utf8');
} catch {
  // first run: nothing committed yet
}
if (committed === generated) {
  process.stdout.write(`doctor-facts: ${FACTS_FILE} is up to date\n`);
} else if (check) {
  process.stdout.write(`doctor-facts: ${FACTS_FILE} differs from what Flink's jars say:\n${diffFacts(committed, generated).join('\n')}\nrun node scripts/doctor-facts.ts to regenerate it\n`);
  process.exit(1);
} else {
  writeFileSync(target, generated);
  process.stdout.write(`doctor-facts: wrote ${FACTS_FILE}${committed ? `:\n${diffFacts(committed, generated).join('\n')}` : ''}\n`);
}
