// Static rules: does this configuration allow "restore from the latest state" at all? Each rule
// names the setting, why it loses the newest state, and the fix. Wording of the causes is kept
// close to the oracle's config notes, which explain failing verdicts at run time.
import { isPlaceholder, type DoctorDocument, type ProvidedSetting } from './documents.ts';
import { isDurablePath } from '../platforms/flink-config.ts';

export { isDurablePath };

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  /** The setting concerned, as written in the file when it is there. */
  setting?: string;
  message: string;
  fix: string;
}

export interface Rule {
  id: string;
  summary: string;
  /** The Flink versions the rule applies to (README table). */
  versions: string;
  /** Options whose placeholder values make the rule unable to judge. */
  reads: OptionName[];
  check(doc: DoctorDocument): Finding[];
}

/** An option's keys, newest first; `since` is the first Flink version that reads the key. */
interface Alias { key: string; since?: [number, number] }

export type OptionName = 'interval' | 'retention' | 'checkpointDir' | 'savepointDir' | 'numRetained' | 'haType' | 'haDir' | 'restart' | 'recoveryPath' | 'clusterId' | 's3Endpoint' | 's3PathStyle';

/** Keys and their old aliases as Flink's *Options classes declare them (deprecated keys are still read). */
export const OPTIONS: Record<OptionName, Alias[]> = {
  interval: [{ key: 'execution.checkpointing.interval', since: [1, 10] }],
  retention: [{ key: 'execution.checkpointing.externalized-checkpoint-retention', since: [1, 10] }],
  checkpointDir: [{ key: 'execution.checkpointing.dir', since: [1, 20] }, { key: 'state.checkpoints.dir' }, { key: 'state.backend.fs.checkpointdir' }],
  savepointDir: [{ key: 'execution.checkpointing.savepoint-dir', since: [1, 20] }, { key: 'state.savepoints.dir' }, { key: 'savepoints.state.backend.fs.dir' }],
  numRetained: [{ key: 'execution.checkpointing.num-retained', since: [1, 20] }, { key: 'state.checkpoints.num-retained' }],
  haType: [{ key: 'high-availability.type' }, { key: 'high-availability' }, { key: 'recovery.mode' }],
  haDir: [{ key: 'high-availability.storageDir' }, { key: 'high-availability.zookeeper.storageDir' }, { key: 'recovery.zookeeper.storageDir' }],
  restart: [{ key: 'restart-strategy.type' }, { key: 'restart-strategy' }],
  recoveryPath: [{ key: 'execution.state-recovery.path', since: [1, 20] }, { key: 'execution.savepoint.path' }],
  clusterId: [{ key: 'kubernetes.cluster-id' }, { key: 'high-availability.cluster-id' }, { key: 'high-availability.zookeeper.path.namespace' }, { key: 'recovery.zookeeper.path.namespace' }],
  s3Endpoint: [{ key: 's3.endpoint' }, { key: 'fs.s3a.endpoint' }, { key: 's3a.endpoint' }],
  s3PathStyle: [{ key: 's3.path.style.access' }, { key: 's3.path-style-access' }, { key: 'fs.s3a.path.style.access' }, { key: 's3a.path.style.access' }],
};

/** Old key → the name Flink 1.20 deprecated it for (still read by 2.0–2.2); warned about only on a known 1.20+. */
export const RENAMED_KEYS: Record<string, string> = {
  'state.checkpoints.dir': 'execution.checkpointing.dir',
  'state.savepoints.dir': 'execution.checkpointing.savepoint-dir',
  'state.checkpoints.num-retained': 'execution.checkpointing.num-retained',
  'state.backend.incremental': 'execution.checkpointing.incremental',
  'state.backend.local-recovery': 'execution.state-recovery.from-local',
  'execution.savepoint.path': 'execution.state-recovery.path',
  'execution.savepoint.ignore-unclaimed-state': 'execution.state-recovery.ignore-unclaimed-state',
  'execution.savepoint-restore-mode': 'execution.state-recovery.claim-mode',
  'high-availability': 'high-availability.type',
  'high-availability.zookeeper.storageDir': 'high-availability.storageDir',
  'recovery.mode': 'high-availability.type',
  'state.backend': 'state.backend.type',
  'restart-strategy': 'restart-strategy.type',
};

/** Keys that exist only from Flink 1.20: on an older Flink they are silently ignored. */
const NEW_IN_1_20: Record<string, string> = Object.fromEntries(
  Object.entries(RENAMED_KEYS).filter(([, current]) => current.startsWith('execution.')).map(([old, current]) => [current, old]),
);

/** True/false when the document's version is known (or known to be older), undefined when not. */
export function atLeast(doc: DoctorDocument, majorVersion: number, minorVersion: number): boolean | undefined {
  if (doc.flinkVersion) {
    const [maj, min] = doc.flinkVersion.split('.').map((part) => Number.parseInt(part, 10)) as [number, number];
    return maj > majorVersion || (maj === majorVersion && (min ?? 0) >= minorVersion);
  }
  if (doc.versionBefore) {
    const [maj, min] = doc.versionBefore.split('.').map((part) => Number.parseInt(part, 10)) as [number, number];
    // "older than 1.10" answers false for 1.10 and later, and cannot say for earlier ones.
    if (maj < majorVersion || (maj === majorVersion && min <= minorVersion)) return false;
  }
  return undefined;
}

interface Setting { key: string; value: string; unresolved: boolean }

/** The value Flink reads for an option: keys the document's version does not know are skipped. */
export function setting(doc: DoctorDocument, option: OptionName): Setting | undefined {
  for (const alias of OPTIONS[option]) {
    if (alias.since && atLeast(doc, ...alias.since) === false) continue;
    const value = doc.config[alias.key];
    if (value !== undefined && value.trim() !== '') return { key: alias.key, value: value.trim(), unresolved: isPlaceholder(value) };
  }
  return undefined;
}

/** The key to name in a fix: the new one on 1.20+, the old one before, both when the version is unknown. */
export function keyName(doc: DoctorDocument, option: OptionName): string {
  const [newest, older] = OPTIONS[option];
  if (!newest!.since || !older) return newest!.key;
  const modern = atLeast(doc, ...newest!.since);
  if (modern === true) return newest!.key;
  if (modern === false) return older.key;
  return `${older.key} (${newest!.key} from Flink ${newest!.since.join('.')})`;
}

function plainKey(doc: DoctorDocument, option: OptionName): string {
  return keyName(doc, option).split(' ')[0]!;
}

/** Shared storage: a durable scheme, or a file path under a shared volume (PVC, NFS ...) mounted into the pods. */
export function durable(doc: DoctorDocument, path: string): boolean {
  if (isDurablePath(path)) return true;
  const local = /^file:\/\//i.test(path) ? path.replace(/^file:\/\//i, '') : path.startsWith('/') ? path : undefined;
  return local !== undefined && (doc.sharedPaths ?? []).some((mount) => local === mount || local.startsWith(`${mount}/`));
}

function provided(rule: string, doc: DoctorDocument, option: ProvidedSetting, what: string): Finding[] | undefined {
  const platform = doc.provided?.[option];
  if (!platform) return undefined;
  return [{ rule, severity: 'info', setting: plainKey(doc, option as OptionName), message: `${what}: provided by ${platform}: verify`, fix: 'nothing to change here; check the platform setting (or set it explicitly)' }];
}

/** Milliseconds of a Flink duration ("10s", "3000", "1 min"); undefined when unparseable. */
export function durationMs(value: string): number | undefined {
  const match = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const factors: Record<string, number> = { '': 1, ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1, s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000, d: 86_400_000, day: 86_400_000, days: 86_400_000 };
  const factor = factors[unit];
  return factor === undefined ? undefined : amount * factor;
}

function haType(doc: DoctorDocument): { key: string; value: string; type: string; unresolved: boolean } | undefined {
  const ha = setting(doc, 'haType');
  if (!ha) return undefined;
  const lower = ha.value.toLowerCase();
  const type = lower.includes('kuberneteshaservicesfactory') ? 'kubernetes' : lower.includes('zookeeper') ? 'zookeeper' : lower;
  return { ...ha, type };
}

function haEnabled(doc: DoctorDocument): boolean {
  const ha = haType(doc);
  return ha !== undefined && ha.type !== 'none';
}

/** Before 1.10 checkpointing and retention exist only in job code (env.enableCheckpointing): nothing to judge. */
function inCodeOnly(rule: string, doc: DoctorDocument, what: string): Finding[] | undefined {
  if (atLeast(doc, 1, 10) !== false) return undefined;
  return [{ rule, severity: 'info', message: `${what} is set in job code on Flink before 1.10 (${doc.flinkVersion ?? doc.versionSource ?? 'this file'}): cannot judge from the configuration`, fix: 'check the job code (env.enableCheckpointing / enableExternalizedCheckpoints)' }];
}

function version(doc: DoctorDocument): string {
  return doc.flinkVersion ? `Flink ${doc.flinkVersion}` : 'Flink';
}

export const RULES: Rule[] = [
  {
    id: 'checkpointing-off',
    summary: 'periodic checkpointing is not enabled',
    versions: 'all (before 1.10 only a note: checkpointing is set in job code)',
    reads: ['interval'],
    check(doc) {
      const interval = setting(doc, 'interval');
      const ms = interval ? durationMs(interval.value) : undefined;
      if (interval && ms !== undefined && ms > 0) return [];
      if (!interval) {
        const old = inCodeOnly(this.id, doc, 'checkpointing');
        if (old) return old;
      }
      return [{
        rule: this.id, severity: 'error', setting: interval?.key ?? OPTIONS.interval[0]!.key,
        message: interval
          ? `${interval.key} is "${interval.value}": no periodic checkpoints, so the newest state is whatever savepoint was taken by hand`
          : `${OPTIONS.interval[0]!.key} is not set: Flink takes no checkpoints (unless the job enables them in code), so a restore can only reach back to a savepoint`,
        fix: `set ${OPTIONS.interval[0]!.key}: 10s (or the interval your latency budget allows)`,
      }];
    },
  },
  {
    id: 'retention-not-retained',
    summary: 'checkpoints are not retained when the job is cancelled',
    versions: 'all (before 1.10 only a note; the Operator sets RETAIN_ON_CANCELLATION for deployments with a job)',
    reads: ['retention'],
    check(doc) {
      const retention = setting(doc, 'retention');
      const key = OPTIONS.retention[0]!.key;
      if (retention?.value.toUpperCase() === 'RETAIN_ON_CANCELLATION') return [];
      if (!retention) {
        const supplied = provided(this.id, doc, 'retention', `${key} is not set (RETAIN_ON_CANCELLATION)`);
        if (supplied) return supplied;
        const old = inCodeOnly(this.id, doc, 'checkpoint retention');
        if (old) return old;
      }
      const value = retention?.value.toUpperCase() ?? 'NO_EXTERNALIZED_CHECKPOINTS';
      const consequence = value === 'DELETE_ON_CANCELLATION'
        ? 'cancelling the job (as an upgrade or a suspend does) deletes every checkpoint'
        : 'checkpoints are deleted when the job ends (cancel, stop, terminal failure)';
      return [{
        rule: this.id, severity: 'error', setting: retention?.key ?? key,
        message: `${retention ? `${retention.key} is ${retention.value}` : `${key} is not set (Flink's default is NO_EXTERNALIZED_CHECKPOINTS)`}: ${consequence}, so LATEST_STATE falls back to an older savepoint or empty state`,
        fix: `set ${key}: RETAIN_ON_CANCELLATION`,
      }];
    },
  },
  {
    id: 'checkpoint-dir-not-durable',
    summary: 'checkpoints are not written to durable shared storage',
    versions: 'all; execution.checkpointing.dir from 1.20 (state.checkpoints.dir before, still read by 2.0–2.2)',
    reads: ['checkpointDir'],
    check(doc) {
      const dir = setting(doc, 'checkpointDir');
      if (dir && durable(doc, dir.value)) return [];
      if (!dir) {
        const supplied = provided(this.id, doc, 'checkpointDir', 'the checkpoint directory is not set');
        if (supplied) return supplied;
      }
      return [{
        rule: this.id, severity: 'error', setting: dir?.key ?? plainKey(doc, 'checkpointDir'),
        message: dir
          ? `${dir.key} is ${dir.value}, a path local to one container: checkpoints there are gone when that JobManager or TaskManager is replaced`
          : `${keyName(doc, 'checkpointDir')} is not set: checkpoints live in the JobManager's memory and nothing outlives the JobManager`,
        fix: `set ${keyName(doc, 'checkpointDir')} to shared storage, e.g. s3://<bucket>/checkpoints`,
      }];
    },
  },
  {
    id: 'savepoint-dir-missing',
    summary: 'no default savepoint directory',
    versions: 'all; execution.checkpointing.savepoint-dir from 1.20 (state.savepoints.dir before)',
    reads: ['savepointDir'],
    check(doc) {
      const dir = setting(doc, 'savepointDir');
      if (dir && durable(doc, dir.value)) return [];
      if (!dir) {
        const supplied = provided(this.id, doc, 'savepointDir', 'the savepoint directory is not set');
        if (supplied) return supplied;
      }
      return [{
        rule: this.id, severity: 'warning', setting: dir?.key ?? plainKey(doc, 'savepointDir'),
        message: dir
          ? `${dir.key} is ${dir.value}, a container-local path: savepoints taken there do not survive the container`
          : `${keyName(doc, 'savepointDir')} is not set: savepoints and stop-with-savepoint fail unless every request names a target directory`,
        fix: `set ${keyName(doc, 'savepointDir')} to shared storage, e.g. s3://<bucket>/savepoints`,
      }];
    },
  },
  {
    id: 'ha-off',
    summary: 'JobManager high availability is off',
    versions: 'all (high-availability.type, older high-availability / recovery.mode)',
    reads: ['haType'],
    check(doc) {
      if (haEnabled(doc)) return [];
      const ha = haType(doc);
      const key = atLeast(doc, 1, 15) === false ? 'high-availability' : 'high-availability.type';
      return [{
        rule: this.id, severity: 'error', setting: ha?.key ?? key,
        message: `${ha ? `${ha.key} is ${ha.value}` : `${key} is not set`}: a restarted JobManager knows no checkpoints and starts the job from scratch (or from its initial savepoint)`,
        fix: `set ${key}: ${doc.onKubernetes ? 'kubernetes' : 'kubernetes (on Kubernetes) or zookeeper'} and high-availability.storageDir on shared storage`,
      }];
    },
  },
  {
    id: 'ha-storage-not-durable',
    summary: 'the HA storageDir is missing or does not survive a JobManager restart',
    versions: 'all (high-availability.storageDir; its old aliases high-availability.zookeeper.storageDir and recovery.zookeeper.storageDir are read too)',
    reads: ['haType', 'haDir'],
    check(doc) {
      if (!haEnabled(doc)) return [];
      const dir = setting(doc, 'haDir');
      if (dir && durable(doc, dir.value)) return [];
      if (!dir) {
        const supplied = provided(this.id, doc, 'haDir', 'high-availability.storageDir is not set');
        if (supplied) return supplied;
      }
      return [{
        rule: this.id, severity: 'error', setting: dir?.key ?? 'high-availability.storageDir',
        message: dir
          ? `${dir.key} is ${dir.value}, a container-local path: the HA pointers survive in ZooKeeper/ConfigMaps but the files they point to die with the JobManager, so recovery fails or starts over`
          : `high-availability.storageDir is not set: Flink refuses to start with HA on`,
        fix: `set ${dir?.key ?? 'high-availability.storageDir'} to shared storage, e.g. s3://<bucket>/ha`,
      }];
    },
  },
  {
    id: 'ha-cluster-id-missing',
    summary: 'Kubernetes HA on plain Kubernetes manifests without kubernetes.cluster-id',
    versions: '1.12+ (Kubernetes HA); the Operator and Ververica Platform set it themselves',
    reads: ['haType', 'clusterId'],
    check(doc) {
      if (!doc.standaloneKubernetes || haType(doc)?.type !== 'kubernetes') return [];
      const id = setting(doc, 'clusterId');
      if (id) return [];
      return [{
        rule: this.id, severity: 'error', setting: 'kubernetes.cluster-id',
        message: 'high-availability.type is kubernetes but kubernetes.cluster-id is not set: on plain Kubernetes nothing sets it, so the JobManager fails to start its HA services (or every cluster shares the default id and reads the others\' leader and checkpoint ConfigMaps)',
        fix: 'set kubernetes.cluster-id: <a name unique in the namespace> (the same for every JobManager and TaskManager of this cluster)',
      }];
    },
  },
  {
    id: 'vvp-kubernetes-ha',
    summary: "Ververica's vvp-kubernetes HA where Flink's own Kubernetes HA applies",
    versions: '1.12+ (Flink Kubernetes HA exists); unknown version: a note',
    reads: ['haType'],
    check(doc) {
      const ha = haType(doc);
      if (ha?.type !== 'vvp-kubernetes') return [];
      const modern = atLeast(doc, 1, 12);
      if (modern === false) return [];
      return [{
        rule: this.id, severity: modern ? 'warning' : 'info', setting: ha.key,
        message: `${ha.key} is vvp-kubernetes, Ververica Platform's own HA service for old Flink versions; ${version(doc)}${modern ? '' : ' (if 1.12+)'} ships Kubernetes HA (ConfigMaps per cluster-id), which the Operator, plain Flink and current Ververica Platform use`,
        fix: `set high-availability.type: kubernetes (and high-availability.storageDir on shared storage)`,
      }];
    },
  },
  {
    id: 'restore-strategy',
    summary: 'the platform resumes from something other than the latest state',
    versions: 'all (FlinkDeployment with a job, Ververica Platform Deployment, harness settings; a session cluster has none)',
    reads: [],
    check(doc) {
      const restore = doc.restore;
      if (!restore) return [];
      const value = restore.value;
      if (value !== undefined && isPlaceholder(value)) return [{ rule: this.id, severity: 'info', setting: restore.path, message: `${restore.path} is ${value}: unresolved: cannot judge`, fix: 'check the value the template fills in' }];
      if (doc.format === 'vvp-deployment') {
        if (value === 'LATEST_STATE') return [];
        if (value === undefined) {
          return [{ rule: this.id, severity: 'info', setting: restore.path, message: `${restore.path} is not set: provided by Ververica Platform (its deployment defaults; LATEST_STATE unless changed): verify`, fix: `state it: ${restore.path}: LATEST_STATE` }];
        }
        return [{
          rule: this.id, severity: value === undefined ? 'warning' : 'error', setting: restore.path,
          message: value === undefined
            ? `${restore.path} is not set: the platform default decides which snapshot a resumed job starts from`
            : `${restore.path} is ${value}: ${value === 'NONE' ? 'every start is empty state' : 'retained checkpoints are ignored, so a checkpoint newer than the last savepoint is skipped'}`,
          fix: `set ${restore.path}: LATEST_STATE`,
        }];
      }
      if (doc.format === 'flink-deployment') {
        if (value === 'last-state') return [];
        if (value === 'savepoint') {
          return [{
            rule: this.id, severity: 'warning', setting: restore.path,
            message: `${restore.path} is savepoint: upgrades take a fresh savepoint, but when the job is unhealthy the Operator resumes from the last savepoint (or last-state only with HA and kubernetes.operator.job.upgrade.last-state-fallback.enabled)`,
            fix: `set ${restore.path}: last-state (needs Kubernetes HA)`,
          }];
        }
        return [{
          rule: this.id, severity: 'error', setting: restore.path,
          message: `${restore.path} is ${value ?? 'not set (the Operator defaults to stateless)'}: an upgrade or a redeploy starts with empty state`,
          fix: `set ${restore.path}: last-state (needs Kubernetes HA)`,
        }];
      }
      if (doc.format === 'harness-spec') {
        if (value === undefined || value === 'LATEST_STATE' || value === 'FAILOVER') return [];
        return [{
          rule: this.id, severity: 'error', setting: restore.path,
          message: `${restore.path} is ${value}: ${value === 'NONE' ? 'a resumed job starts empty' : 'a checkpoint newer than the last savepoint is skipped'}`,
          fix: `set ${restore.path}: LATEST_STATE`,
        }];
      }
      return [];
    },
  },
  {
    id: 'fixed-recovery-path',
    summary: 'a fixed recovery path without HA pins every restart to one snapshot',
    versions: 'all (execution.state-recovery.path from 1.20, execution.savepoint.path before)',
    reads: ['recoveryPath', 'haType'],
    check(doc) {
      const path = setting(doc, 'recoveryPath');
      if (!path || haEnabled(doc)) return [];
      return [{
        rule: this.id, severity: 'warning', setting: path.key,
        message: `${path.key} is ${path.value} and HA is off: whenever the JobManager restarts, the job starts again from that snapshot instead of the newest checkpoint`,
        fix: `enable HA (high-availability.type) so the newest checkpoint wins over the initial one, or let the platform set the path per start`,
      }];
    },
  },
  {
    id: 'legacy-config-file',
    summary: 'flink-conf.yaml is not read by Flink 2.x',
    versions: '2.0+ error; 1.x and unknown versions a note',
    reads: [],
    check(doc) {
      if (doc.format !== 'legacy-flink-conf') return [];
      if (doc.notes?.some((note) => note.rule === this.id)) return [];
      const modern = atLeast(doc, 2, 0);
      if (modern !== true) {
        return [{ rule: this.id, severity: 'info', message: `flink-conf.yaml is the legacy format: Flink 2.x reads only config.yaml${modern === undefined ? ' (the file does not say which Flink it is for; pass --flink to judge it for one)' : ''}`, fix: 'migrate with bin/migrate-config-file.sh before upgrading to 2.x' }];
      }
      return [{
        rule: this.id, severity: 'error',
        message: `${version(doc)} (${doc.versionSource ?? 'given'}) no longer reads flink-conf.yaml: every setting in this file is ignored`,
        fix: 'move the settings to config.yaml (standard YAML; bin/migrate-config-file.sh converts it)',
      }];
    },
  },
  {
    id: 'key-not-in-version',
    summary: 'a key newer than the Flink version in use (silently ignored)',
    versions: 'before 1.20 (the execution.checkpointing.* / execution.state-recovery.* names)',
    reads: [],
    check(doc) {
      if (atLeast(doc, 1, 20) !== false) return [];
      const findings: Finding[] = [];
      for (const [current, old] of Object.entries(NEW_IN_1_20)) {
        if (doc.config[current] === undefined || doc.config[old] !== undefined) continue;
        findings.push({
          rule: this.id, severity: 'error', setting: current,
          message: `${current} does not exist in ${version(doc)} (it is the 1.20 name of ${old}): Flink ignores the line, so the setting you meant is not in effect`,
          fix: `rename ${current} to ${old}`,
        });
      }
      return findings;
    },
  },
  {
    id: 'deprecated-key',
    summary: 'keys renamed or deprecated for the Flink version in use',
    versions: '1.20+ only (a version that is not stated is not assumed)',
    reads: [],
    check(doc) {
      if (atLeast(doc, 1, 20) !== true) return [];
      const findings: Finding[] = [];
      for (const [old, current] of Object.entries(RENAMED_KEYS)) {
        if (doc.config[old] === undefined) continue;
        const alsoNew = doc.config[current] !== undefined;
        findings.push({
          rule: this.id, severity: 'warning', setting: old,
          message: `${old} is deprecated in ${version(doc)} (renamed ${current})${alsoNew ? `; ${current} is also set and wins, so this line is dead` : '; Flink 2.x releases after 2.2 may ignore it'}`,
          fix: `rename ${old} to ${current}`,
        });
      }
      return findings;
    },
  },
  {
    id: 'no-restart-strategy',
    summary: 'the job is not restarted after a failure',
    versions: 'all (restart-strategy.type, older restart-strategy)',
    reads: ['restart'],
    check(doc) {
      const restart = setting(doc, 'restart');
      const value = restart?.value.toLowerCase();
      if (value !== undefined && !['none', 'off', 'disable', 'no-restart', 'norestart'].includes(value)) return [];
      if (value === undefined) {
        return [{
          rule: this.id, severity: 'info', setting: 'restart-strategy.type',
          message: 'restart-strategy.type is not set: with checkpointing on Flink restarts the job by default; without it the job is not restarted',
          fix: 'state it: restart-strategy.type: exponential-delay (or fixed-delay with attempts)',
        }];
      }
      return [{
        rule: this.id, severity: 'error', setting: restart!.key,
        message: `${restart!.key} is ${restart!.value}: the first task failure ends the job for good; its HA data is cleaned up and only retained checkpoints can bring it back`,
        fix: `set ${restart!.key}: ${restart!.key === 'restart-strategy' ? 'fixed-delay' : 'exponential-delay (or fixed-delay with attempts)'}`,
      }];
    },
  },
  {
    id: 'single-retained-checkpoint',
    summary: 'only one checkpoint is retained',
    versions: 'all; execution.checkpointing.num-retained from 1.20 (state.checkpoints.num-retained before)',
    reads: ['numRetained'],
    check(doc) {
      const retained = setting(doc, 'numRetained');
      const count = retained ? Number.parseInt(retained.value, 10) : 1;
      if (count > 1) return [];
      return [{
        rule: this.id, severity: 'warning', setting: retained?.key ?? plainKey(doc, 'numRetained'),
        message: `${retained ? `${retained.key} is ${retained.value}` : `${keyName(doc, 'numRetained')} is not set (default 1)`}: if the newest checkpoint is unreadable or its _metadata is removed, there is nothing to fall back to`,
        fix: `set ${keyName(doc, 'numRetained')}: 3 (or more)`,
      }];
    },
  },
  {
    id: 's3-settings',
    summary: 'S3 settings a MinIO or other non-AWS endpoint needs',
    versions: 'all',
    reads: ['s3Endpoint', 's3PathStyle'],
    check(doc) {
      const usesS3 = Object.values(doc.config).some((value) => /^s3[anp]?:\/\//i.test(value.trim()));
      if (!usesS3) return [];
      const endpoint = setting(doc, 's3Endpoint');
      const pathStyle = setting(doc, 's3PathStyle');
      if (!endpoint) {
        return [{
          rule: this.id, severity: 'info', setting: 's3.endpoint',
          message: 's3:// paths without s3.endpoint: fine for AWS S3; MinIO and other S3 servers need an endpoint',
          fix: 'for MinIO set s3.endpoint: http://<minio-host>:9000 and s3.path.style.access: true',
        }];
      }
      if (pathStyle?.value.toLowerCase() === 'true') return [];
      if (/amazonaws\.com/i.test(endpoint.value)) return [];
      return [{
        rule: this.id, severity: 'error', setting: pathStyle?.key ?? 's3.path.style.access',
        message: `${endpoint.key} is ${endpoint.value} but path-style access is ${pathStyle ? pathStyle.value : 'not set'}: the client asks for <bucket>.<host>, which MinIO does not serve, so checkpoints and savepoints fail to write`,
        fix: 'set s3.path.style.access: true (flink-s3-fs-hadoop) or s3.path-style-access: true (flink-s3-fs-presto)',
      }];
    },
  },
];

/** Runs every rule: placeholders and template blocks make a rule "unresolved: cannot judge" instead of a verdict. */
export function checkDocument(doc: DoctorDocument): Finding[] {
  const findings: Finding[] = [...(doc.notes ?? [])];
  for (const rule of RULES) {
    const unresolved = rule.reads.map((option) => setting(doc, option)).find((found) => found?.unresolved);
    if (unresolved) {
      findings.push({ rule: rule.id, severity: 'info', setting: unresolved.key, message: `${unresolved.key} is ${unresolved.value}: unresolved: cannot judge`, fix: 'run the doctor on the rendered file (helm template, envsubst) to judge the real value' });
      continue;
    }
    for (const finding of rule.check(doc)) {
      const absent = finding.setting !== undefined && finding.setting !== doc.restore?.path && doc.config[finding.setting] === undefined;
      if (doc.partial && absent && finding.severity !== 'info') {
        findings.push({ ...finding, severity: 'info', message: `unresolved: cannot judge (settings come from ${doc.partial}): ${finding.message}` });
      } else findings.push(finding);
    }
  }
  return findings;
}
