// The example user job (examples/windowed-count-job): built with Maven on demand, once per Flink
// version and source content, and cached like images/build.sh caches the probe's jar.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { UserJob } from '../platforms/deployment-spec.ts';
import { readUserFlinkConfig } from '../platforms/flink-config.ts';
import { progress } from '../support/progress.ts';

const run = promisify(execFile);
const JOB_DIR = resolve(import.meta.dirname, '../../examples/windowed-count-job');
const JAR_NAME = 'windowed-count-job.jar';
const MAVEN_TIMEOUT_MS = 600_000;

/** The keyed windowed count, its config.yaml and its arguments; `windowUid` is what a seeded defect changes. */
export async function windowedCountJob(flinkVersion: string, windowUid = 'window-count'): Promise<UserJob> {
  return {
    jar: await buildWindowedCountJob(flinkVersion),
    entryClass: 'dev.frh.examples.WindowedCountJob',
    arguments: ['--keys', '8', '--rate', '20', '--window-seconds', '10', '--window-uid', windowUid],
    flinkConfig: readUserFlinkConfig(join(JOB_DIR, 'config.yaml')),
  };
}

/** The same job with its window operator under another UID (so another operator id). */
export function withWindowUid(job: UserJob, windowUid: string): UserJob {
  return withArgument(job, '--window-uid', windowUid);
}

/** The UID of the record counter chained behind the source (operator state, no vertex of its own). */
export const COUNT_UID = 'records-seen-counter';

/** The same job with its chained record counter under another UID (so another operator id). */
export function withCountUid(job: UserJob, countUid: string): UserJob {
  return withArgument(job, '--count-uid', countUid);
}

/** The same job setting its parallelism in its code (`env.setParallelism`), which the platform's parallelism then no longer changes. */
export function withParallelismInCode(job: UserJob, parallelism: number): UserJob {
  return withArgument(job, '--parallelism', String(parallelism));
}

function withArgument(job: UserJob, flag: string, value: string): UserJob {
  const at = job.arguments.indexOf(flag);
  const args = at >= 0 ? job.arguments.filter((_, i) => i !== at && i !== at + 1) : job.arguments;
  return { ...job, arguments: [...args, flag, value] };
}

/** The jar for `flinkVersion`, from the cache or built now (seconds with a warm ~/.m2). */
export async function buildWindowedCountJob(flinkVersion: string): Promise<string> {
  const cacheRoot = process.env.FRH_CACHE ?? join(homedir(), '.cache', 'frh');
  const out = join(cacheRoot, 'windowed-count-job', `${flinkVersion}-${sourceHash()}`);
  const jar = join(out, JAR_NAME);
  if (existsSync(jar)) return jar;
  // Built from a copy: the repository's tree stays clean and two versions can build at once.
  const scratch = mkdtempSync(join(tmpdir(), 'frh-windowed-count-job-'));
  try {
    cpSync(join(JOB_DIR, 'pom.xml'), join(scratch, 'pom.xml'));
    cpSync(join(JOB_DIR, 'src'), join(scratch, 'src'), { recursive: true });
    progress(`building the example job for Flink ${flinkVersion} (Maven)`);
    await run('mvn', ['-B', '-q', 'package', `-Dflink.version=${flinkVersion}`], { cwd: scratch, timeout: MAVEN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 })
      .catch((error: Error & { stdout?: string; stderr?: string }) => {
        throw new Error(`building ${JOB_DIR} for Flink ${flinkVersion} failed: ${(error.stdout || error.stderr || error.message).trim().split('\n').slice(-5).join(' | ')}`);
      });
    mkdirSync(out, { recursive: true });
    copyFileSync(join(scratch, 'target', JAR_NAME), `${jar}.tmp`);
    renameSync(`${jar}.tmp`, jar);
    return jar;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** What the jar is built from: pom.xml and every file under src/, by path and content. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [join(JOB_DIR, 'pom.xml'), ...listFiles(join(JOB_DIR, 'src'))].sort();
  for (const file of files) hash.update(relative(JOB_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 12);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}
