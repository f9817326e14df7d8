// The reaper's pieces that need no Docker and no cluster: the owner's identity (pid + start time),
// the pipe protocol, where it logs, the label filters; and the detached process itself, watching a
// real owner process that is SIGKILLed or ends normally (told about an unreachable cluster only, so
// it touches nothing), and one whose private folders it removes (only those marked as that owner's).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeTarget, encodeTarget, ownerAlive, ownerLabelFilters, processStartTime, reaperLogPath, targetKey, type ReaperTarget,
} from '../../../harness/support/reaper.ts';
import { MANAGED_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL } from '../../../harness/platforms/docker/labels.ts';

const REAPER = resolve(import.meta.dirname, '../../../harness/support/reaper.ts');
const OWNED_FOLDERS = resolve(import.meta.dirname, '../../../harness/support/owned-folders.ts');

describe('the watched owner', () => {
  it('is this process while its pid has the start time it had', () => {
    const start = processStartTime(process.pid);
    expect(start).toMatch(/^\d+$/);
    expect(ownerAlive({ pid: String(process.pid), start })).toBe(true);
    // Same pid, another start time: the pid was reused by another process.
    expect(ownerAlive({ pid: String(process.pid), start: String(Number(start) + 1) })).toBe(false);
    expect(ownerAlive({ pid: String(process.pid), start: undefined })).toBe(true);
  });

  it('is gone once its process ended', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = String(child.pid);
    const start = processStartTime(pid);
    await new Promise((done) => child.on('exit', done));
    expect(processStartTime(pid)).toBeUndefined();
    expect(ownerAlive({ pid, start })).toBe(false);
    expect(ownerAlive({ pid: '999999999', start: undefined })).toBe(false);
  });

  it('reads the start time after a command name with spaces and parentheses', () => {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; the start time is field 22.
    expect(processStartTime(process.pid)).toBe(readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
  });
});

describe('the pipe protocol', () => {
  it('carries Docker and Kubernetes targets, one JSON line each', () => {
    const targets: ReaperTarget[] = [{ kind: 'docker-engine' }, { kind: 'kubernetes-cluster', kubeconfig: '{"apiVersion":"v1"}', server: 'https://10.0.0.1:6443' }, { kind: 'owned-folder', path: '/tmp/frh-pipeline-r-0a1b2c' }];
    for (const target of targets) {
      const line = encodeTarget(target);
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(decodeTarget(line.trim())).toEqual(target);
    }
    expect(targetKey(targets[1]!)).toBe('kubernetes-cluster https://10.0.0.1:6443');
    expect(targetKey(targets[2]!)).toBe('owned-folder /tmp/frh-pipeline-r-0a1b2c');
  });

  it('ignores anything else', () => {
    for (const line of ['', 'not json', '{"kind":"hello","spawnMs":3}', '{"kind":"kubernetes-cluster"}', '{"kind":"kubernetes-cluster","kubeconfig":1,"server":"x"}', '{"kind":"docker"}', 'null', '[]', '{"kind":"owned-folder"}', '{"kind":"owned-folder","path":"relative/x"}']) {
      expect(decodeTarget(line)).toBeUndefined();
    }
  });
});

describe('what the reaper selects and where it logs', () => {
  it('filters Docker resources by managed label, owner pid and owner host together', () => {
    expect(ownerLabelFilters({ pid: '42', host: 'ci-7' }, { managed: MANAGED_LABEL, pid: OWNER_PID_LABEL, host: OWNER_HOST_LABEL }))
      .toEqual(['dev.frh.managed=true', 'dev.frh.owner-pid=42', 'dev.frh.owner-host=ci-7']);
  });

  it('logs under the run\'s report folder, one file per owner', () => {
    expect(reaperLogPath('run-1', { pid: '42', host: 'ci-7' }, { FRH_REPORT_DIR: '/r' })).toBe('/r/run-1/reaper/ci-7-42.log');
    expect(reaperLogPath('../x', { pid: '42', host: 'a/b' }, { FRH_REPORT_DIR: '/r' })).toBe('/r/.._x/reaper/a_b-42.log');
    expect(reaperLogPath('run-1', { pid: '42', host: 'h' }, {})).toBe(resolve(import.meta.dirname, '../../../reports/run-1/reaper/h-42.log'));
  });
});

describe.concurrent('the reaper process', () => {
  const reports = mkdtempSync(join(tmpdir(), 'frh-reaper-unit-'));
  afterAll(() => rmSync(reports, { recursive: true, force: true }));

  // An owner that asks for its reaper twice (one must start), told about a cluster that refuses
  // connections on loopback, then prints its pid and waits (or ends at once with `end`).
  const startOwner = (runId: string, end: boolean) => {
    const target = { kind: 'kubernetes-cluster', server: 'https://127.0.0.1:1', kubeconfig: JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'u', user: { token: 'unused' } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    }) };
    const script = `const { ensureReaper } = await import(${JSON.stringify(REAPER)});
      const t = ${JSON.stringify(target)};
      const started = performance.now();
      const first = ensureReaper(t, ${JSON.stringify(runId)});
      const again = ensureReaper(t, ${JSON.stringify(runId)});
      console.log(JSON.stringify({ first, again, ms: performance.now() - started }));
      ${end ? '' : 'setInterval(() => {}, 1000);'}`;
    return spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, FRH_REPORT_DIR: reports }, stdio: ['ignore', 'pipe', 'inherit'] });
  };
  const firstLine = (child: ReturnType<typeof spawn>): Promise<{ first: string; again: string; ms: number }> =>
    new Promise((done) => child.stdout!.once('data', (chunk: Buffer) => done(JSON.parse(chunk.toString().split('\n')[0]!))));
  const waitForLog = async (path: string, pattern: RegExp): Promise<string> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const text = readFileSync(path, 'utf8');
      if (pattern.test(text) || Date.now() > deadline) return text;
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const sessionOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[3]);

  it('outlives an owner killed with SIGKILL, notices at once, cleans only what it was told of, and exits', async () => {
    const owner = startOwner('unit-killed', false);
    const { first, again, ms } = await firstLine(owner);
    expect(again).toBe(first);
    expect(first).toBe(join(reports, 'unit-killed', 'reaper', `${hostname()}-${owner.pid}.log`));
    expect(ms).toBeLessThan(1_000);
    const started = await waitForLog(first, /will delete the owner's namespaces on https:\/\/127\.0\.0\.1:1/);
    const reaperPid = Number(/reaper\[(\d+)\]/.exec(started)?.[1]);
    expect(sessionOf(reaperPid)).not.toBe(sessionOf(owner.pid!)); // its own session: a kill of the owner's group spares it

    owner.kill('SIGKILL');
    const killedAt = Date.now();
    const log = await waitForLog(first, /exiting$/m);
    // The pipe's end, or the pid poll when the reaper was busy loading its Kubernetes client.
    expect(log).toMatch(new RegExp(`owner ${owner.pid} gone \\((its pipe closed|pid ${owner.pid} is no longer that process)\\)`));
    expect(log).toMatch(/Kubernetes pass 1 on https:\/\/127\.0\.0\.1:1 failed/);
    expect(log.match(/watching owner/g)).toHaveLength(1); // one reaper for the process
    const noticedAt = Date.parse(log.split('\n').find((line) => / gone \(/.test(line))!.slice(0, 24));
    expect(noticedAt - killedAt).toBeLessThan(5_000);
    // Gone, or a zombie until its new parent (pid 1) reaps it.
    const ended = (): boolean => !existsSync(`/proc/${reaperPid}`) || readFileSync(`/proc/${reaperPid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
    for (let i = 0; i < 50 && !ended(); i++) await new Promise((done) => setTimeout(done, 100));
    expect(ended()).toBe(true);
  }, 20_000);

  it('removes the owned folders of an owner killed with SIGKILL, and no folder it was told of that is not marked as that owner\'s', async () => {
    const root = join(reports, 'folders');
    mkdirSync(root);
    // Told of by the owner, but not its own: another owner's marker, and no marker at all.
    const otherOwners = join(root, 'frh-pipeline-other');
    mkdirSync(otherOwners);
    writeFileSync(join(otherOwners, '.frh-owner.json'), JSON.stringify({ kind: 'frh-owned-folder', runId: 'unit-folders', pid: '1', host: hostname() }));
    const unmarked = join(root, 'frh-pipeline-unmarked');
    mkdirSync(unmarked);
    const script = `const { ensureReaper } = await import(${JSON.stringify(REAPER)});
      const { createOwnedFolder } = await import(${JSON.stringify(OWNED_FOLDERS)});
      const { writeFileSync } = await import('node:fs');
      const folder = createOwnedFolder('frh-pipeline-', 'unit-folders', ${JSON.stringify(root)});
      writeFileSync(folder + '/credentials.env', 'S3_SECRET_KEY=x\\n');
      for (const path of ${JSON.stringify([otherOwners, unmarked])}) ensureReaper({ kind: 'owned-folder', path }, 'unit-folders');
      console.log(JSON.stringify({ folder, first: ensureReaper({ kind: 'owned-folder', path: folder }, 'unit-folders') }));
      setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, FRH_REPORT_DIR: reports }, stdio: ['ignore', 'pipe', 'inherit'] });
    const { folder, first } = await new Promise<{ folder: string; first: string }>((done) => owner.stdout!.once('data', (chunk: Buffer) => done(JSON.parse(chunk.toString().split('\n')[0]!))));
    expect(existsSync(join(folder, 'credentials.env'))).toBe(true);
    owner.kill('SIGKILL');
    const log = await waitForLog(first, /exiting$/m);
    expect(log).toContain(`removed folder ${folder}`);
    expect(log).toMatch(/0 namespace\(s\) deleting, 1 folder\(s\) removed/);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(otherOwners)).toBe(true);
    expect(existsSync(unmarked)).toBe(true);
  }, 20_000);

  it('exits on its own when its owner ends normally', async () => {
    const owner = startOwner('unit-normal', true);
    const { first } = await firstLine(owner);
    await new Promise((done) => owner.on('exit', done));
    const log = await waitForLog(first, /exiting$/m);
    expect(log).toMatch(new RegExp(`owner ${owner.pid} gone`));
    expect(log).toMatch(/reaped in [\d.]+ s: 0 Docker resource\(s\) removed, 0 namespace\(s\) deleting/);
    expect(readdirSync(join(reports, 'unit-normal', 'reaper'))).toHaveLength(1);
  }, 20_000);
});
