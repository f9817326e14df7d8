// Static rules: does this configuration allow "restore from the latest state" at all? Each rule
// names the setting, why it loses the newest state, and the fix. Wording of the causes is kept
// close to the oracle's config notes, which explain failing verdicts at run time.
import type { DoctorDocument } from './documents.ts';
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
  check(doc: DoctorDocument): Finding[];
}

const INTERVAL = ['execution.checkpointing.interval'];
const RETENTION = ['execution.checkpointing.externalized-checkpoint-retention'];
const CHECKPOINT_DIR = ['execution.checkpointing.dir', 'state.checkpoints.dir'];
const SAVEPOINT_DIR = ['execution.checkpointing.savepoint-dir', 'state.savepoints.dir'];
const NUM_RETAINED = ['execution.checkpointing.num-retained', 'state.checkpoints.num-retained'];
const HA_TYPE = ['high-availability.type', 'high-availability'];
const HA_DIR = ['high-availability.storageDir', 'high-availability.storage-dir'];
const RESTART = ['restart-strategy.type', 'restart-strategy'];
const RECOVERY_PATH = ['execution.state-recovery.path', 'execution.savepoint.path'];
const S3_ENDPOINT = ['s3.endpoint', 'fs.s3a.endpoint'];
const S3_PATH_STYLE = ['s3.path.style.access', 's3.path-style-access', 'fs.s3a.path.style.access'];

/** Old key → the name Flink 1.20 deprecated it for (still read by 2.0–2.2, dropped later). */
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
  'state.backend': 'state.backend.type',
  'restart-strategy': 'restart-strategy.type',
};

function setting(doc: DoctorDocument, keys: string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = doc.config[key];
    if (value !== undefined && value.trim() !== '') return { key, value: value.trim() };
  }
  return undefined;
}

function major(doc: DoctorDocument): number | undefined {
  return doc.flinkVersion ? Number.parseInt(doc.flinkVersion, 10) : undefined;
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

function haType(doc: DoctorDocument): { key: string; value: string; type: string } | undefined {
  const ha = setting(doc, HA_TYPE);
  if (!ha) return undefined;
  const lower = ha.value.toLowerCase();
  const type = lower.includes('kuberneteshaservicesfactory') ? 'kubernetes' : lower.includes('zookeeper') ? 'zookeeper' : lower;
  return { ...ha, type };
}

function haEnabled(doc: DoctorDocument): boolean {
  const ha = haType(doc);
  return ha !== undefined && ha.type !== 'none';
}

export const RULES: Rule[] = [
  {
    id: 'checkpointing-off',
    summary: 'periodic checkpointing is not enabled',
    check(doc) {
      const interval = setting(doc, INTERVAL);
      const ms = interval ? durationMs(interval.value) : undefined;
      if (interval && ms !== undefined && ms > 0) return [];
      return [{
        rule: this.id, severity: 'error', setting: interval?.key ?? INTERVAL[0],
        message: interval
          ? `${interval.key} is "${interval.value}": no periodic checkpoints, so the newest state is whatever savepoint was taken by hand`
          : `${INTERVAL[0]} is not set: Flink takes no checkpoints (unless the job enables them in code), so a restore can only reach back to a savepoint`,
        fix: `set ${INTERVAL[0]}: 10s (or the interval your latency budget allows)`,
      }];
    },
  },
  {
    id: 'retention-not-retained',
    summary: 'checkpoints are not retained when the job is cancelled',
    check(doc) {
      const retention = setting(doc, RETENTION);
      if (retention?.value.toUpperCase() === 'RETAIN_ON_CANCELLATION') return [];
      const value = retention?.value.toUpperCase() ?? 'NO_EXTERNALIZED_CHECKPOINTS';
      const consequence = value === 'DELETE_ON_CANCELLATION'
        ? 'cancelling the job (as an upgrade or a suspend does) deletes every checkpoint'
        : 'checkpoints are deleted when the job ends (cancel, stop, terminal failure)';
      return [{
        rule: this.id, severity: 'error', setting: retention?.key ?? RETENTION[0],
        message: `${retention ? `${retention.key} is ${retention.value}` : `${RETENTION[0]} is not set (Flink's default is NO_EXTERNALIZED_CHECKPOINTS)`}: ${consequence}, so LATEST_STATE falls back to an older savepoint or empty state`,
        fix: `set ${RETENTION[0]}: RETAIN_ON_CANCELLATION`,
      }];
    },
  },
  {
    id: 'checkpoint-dir-not-durable',
    summary: 'checkpoints are not written to durable shared storage',
    check(doc) {
      const dir = setting(doc, CHECKPOINT_DIR);
      if (dir && isDurablePath(dir.value)) return [];
      return [{
        rule: this.id, severity: 'error', setting: dir?.key ?? CHECKPOINT_DIR[0],
        message: dir
          ? `${dir.key} is ${dir.value}, a path local to one container: checkpoints there are gone when that JobManager or TaskManager is replaced`
          : `${CHECKPOINT_DIR[0]} is not set: checkpoints live in the JobManager's memory and nothing outlives the JobManager`,
        fix: `set ${CHECKPOINT_DIR[0]} to shared storage, e.g. s3://<bucket>/checkpoints`,
      }];
    },
  },
  {
    id: 'savepoint-dir-missing',
    summary: 'no default savepoint directory',
    check(doc) {
      const dir = setting(doc, SAVEPOINT_DIR);
      if (dir && isDurablePath(dir.value)) return [];
      return [{
        rule: this.id, severity: 'warning', setting: dir?.key ?? SAVEPOINT_DIR[0],
        message: dir
          ? `${dir.key} is ${dir.value}, a container-local path: savepoints taken there do not survive the container`
          : `${SAVEPOINT_DIR[0]} is not set: savepoints and stop-with-savepoint fail unless every request names a target directory`,
        fix: `set ${SAVEPOINT_DIR[0]} to shared storage, e.g. s3://<bucket>/savepoints`,
      }];
    },
  },
  {
    id: 'ha-off',
    summary: 'JobManager high availability is off',
    check(doc) {
      if (haEnabled(doc)) return [];
      const ha = haType(doc);
      return [{
        rule: this.id, severity: 'error', setting: ha?.key ?? HA_TYPE[0],
        message: `${ha ? `${ha.key} is ${ha.value}` : `${HA_TYPE[0]} is not set`}: a restarted JobManager knows no checkpoints and starts the job from scratch (or from its initial savepoint)`,
        fix: `set ${HA_TYPE[0]}: ${doc.onKubernetes ? 'kubernetes' : 'kubernetes (on Kubernetes) or zookeeper'} and ${HA_DIR[0]} on shared storage`,
      }];
    },
  },
  {
    id: 'ha-storage-not-durable',
    summary: 'the HA storageDir is missing or does not survive a JobManager restart',
    check(doc) {
      if (!haEnabled(doc)) return [];
      const dir = setting(doc, HA_DIR);
      if (dir && isDurablePath(dir.value)) return [];
      return [{
        rule: this.id, severity: 'error', setting: dir?.key ?? HA_DIR[0],
        message: dir
          ? `${dir.key} is ${dir.value}, a container-local path: the HA pointers survive in ZooKeeper/ConfigMaps but the files they point to die with the JobManager, so recovery fails or starts over`
          : `${HA_DIR[0]} is not set: Flink refuses to start with HA on, or has nowhere to keep the checkpoint pointers`,
        fix: `set ${HA_DIR[0]} to shared storage, e.g. s3://<bucket>/ha`,
      }];
    },
  },
  {
    id: 'vvp-kubernetes-ha',
    summary: "Ververica's vvp-kubernetes HA where Flink's own Kubernetes HA applies",
    check(doc) {
      const ha = haType(doc);
      if (ha?.type !== 'vvp-kubernetes') return [];
      return [{
        rule: this.id, severity: 'warning', setting: ha.key,
        message: `${ha.key} is vvp-kubernetes, Ververica Platform's own HA service for old Flink versions; Flink ${doc.flinkVersion ?? '1.12+'} ships Kubernetes HA (ConfigMaps per cluster-id), which the Operator, plain Flink and current Ververica Platform use`,
        fix: `set ${HA_TYPE[0]}: kubernetes (and ${HA_DIR[0]} on shared storage)`,
      }];
    },
  },
  {
    id: 'restore-strategy',
    summary: 'the platform resumes from something other than the latest state',
    check(doc) {
      const restore = doc.restore;
      if (!restore) return [];
      const value = restore.value;
      if (doc.format === 'vvp-deployment') {
        if (value === 'LATEST_STATE') return [];
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
    check(doc) {
      const path = setting(doc, RECOVERY_PATH);
      if (!path || haEnabled(doc)) return [];
      return [{
        rule: this.id, severity: 'warning', setting: path.key,
        message: `${path.key} is ${path.value} and HA is off: whenever the JobManager restarts, the job starts again from that snapshot instead of the newest checkpoint`,
        fix: `enable HA (${HA_TYPE[0]}) so the newest checkpoint wins over the initial one, or let the platform set the path per start`,
      }];
    },
  },
  {
    id: 'legacy-config-file',
    summary: 'flink-conf.yaml is not read by Flink 2.x',
    check(doc) {
      if (doc.format !== 'legacy-flink-conf') return [];
      const flinkMajor = major(doc);
      if (flinkMajor !== undefined && flinkMajor < 2) {
        return [{ rule: this.id, severity: 'info', message: 'flink-conf.yaml is the legacy format: Flink 2.x reads only config.yaml', fix: 'migrate with bin/migrate-config-file.sh before upgrading to 2.x' }];
      }
      return [{
        rule: this.id, severity: flinkMajor === undefined ? 'warning' : 'error',
        message: `Flink ${flinkMajor === undefined ? '2.x' : doc.flinkVersion} no longer reads flink-conf.yaml: every setting in this file is ignored${flinkMajor === undefined ? ' (pass --flink 1.20 if this file is for 1.x)' : ''}`,
        fix: 'move the settings to config.yaml (standard YAML; bin/migrate-config-file.sh converts it)',
      }];
    },
  },
  {
    id: 'deprecated-key',
    summary: 'keys renamed or deprecated for the Flink version in use',
    check(doc) {
      const flinkMajor = major(doc);
      const minor = doc.flinkVersion ? Number.parseInt(doc.flinkVersion.split('.')[1] ?? '0', 10) : undefined;
      if (flinkMajor !== undefined && flinkMajor < 2 && (minor ?? 0) < 20) return [];
      const findings: Finding[] = [];
      for (const [old, current] of Object.entries(RENAMED_KEYS)) {
        if (doc.config[old] === undefined) continue;
        const alsoNew = doc.config[current] !== undefined;
        findings.push({
          rule: this.id, severity: 'warning', setting: old,
          message: `${old} is deprecated since Flink 1.20 (renamed ${current})${alsoNew ? `; ${current} is also set and wins, so this line is dead` : '; Flink 2.x releases after 2.2 may ignore it'}`,
          fix: `rename ${old} to ${current}`,
        });
      }
      return findings;
    },
  },
  {
    id: 'no-restart-strategy',
    summary: 'the job is not restarted after a failure',
    check(doc) {
      const restart = setting(doc, RESTART);
      const value = restart?.value.toLowerCase();
      if (value !== undefined && !['none', 'off', 'disable', 'no-restart'].includes(value)) return [];
      if (value === undefined) {
        return [{
          rule: this.id, severity: 'info', setting: RESTART[0],
          message: `${RESTART[0]} is not set: with checkpointing on Flink restarts with exponential-delay; without it the job is not restarted`,
          fix: `state it: ${RESTART[0]}: exponential-delay (or fixed-delay with attempts)`,
        }];
      }
      return [{
        rule: this.id, severity: 'error', setting: restart!.key,
        message: `${restart!.key} is ${restart!.value}: the first task failure ends the job for good; its HA data is cleaned up and only retained checkpoints can bring it back`,
        fix: `set ${RESTART[0]}: exponential-delay (or fixed-delay with attempts)`,
      }];
    },
  },
  {
    id: 'single-retained-checkpoint',
    summary: 'only one checkpoint is retained',
    check(doc) {
      const retained = setting(doc, NUM_RETAINED);
      const count = retained ? Number.parseInt(retained.value, 10) : 1;
      if (count > 1) return [];
      return [{
        rule: this.id, severity: 'warning', setting: retained?.key ?? NUM_RETAINED[0],
        message: `${retained ? `${retained.key} is ${retained.value}` : `${NUM_RETAINED[0]} is not set (default 1)`}: if the newest checkpoint is unreadable or its _metadata is removed, there is nothing to fall back to`,
        fix: `set ${NUM_RETAINED[0]}: 3 (or more)`,
      }];
    },
  },
  {
    id: 's3-settings',
    summary: 'S3 settings a MinIO or other non-AWS endpoint needs',
    check(doc) {
      const usesS3 = Object.values(doc.config).some((value) => /^s3[anp]?:\/\//i.test(value.trim()));
      if (!usesS3) return [];
      const endpoint = setting(doc, S3_ENDPOINT);
      const pathStyle = setting(doc, S3_PATH_STYLE);
      if (!endpoint) {
        return [{
          rule: this.id, severity: 'info', setting: S3_ENDPOINT[0],
          message: `s3:// paths without ${S3_ENDPOINT[0]}: fine for AWS S3; MinIO and other S3 servers need an endpoint`,
          fix: `for MinIO set ${S3_ENDPOINT[0]}: http://<minio-host>:9000 and ${S3_PATH_STYLE[0]}: true`,
        }];
      }
      if (pathStyle?.value.toLowerCase() === 'true') return [];
      return [{
        rule: this.id, severity: 'error', setting: pathStyle?.key ?? S3_PATH_STYLE[0],
        message: `${endpoint.key} is ${endpoint.value} but path-style access is ${pathStyle ? pathStyle.value : 'not set'}: the client asks for <bucket>.<host>, which MinIO does not serve, so checkpoints and savepoints fail to write`,
        fix: `set ${S3_PATH_STYLE[0]}: true (flink-s3-fs-hadoop) or s3.path-style-access: true (flink-s3-fs-presto)`,
      }];
    },
  },
];
