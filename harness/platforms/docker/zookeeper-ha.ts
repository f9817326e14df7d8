// Flink's ZooKeeper HA store as a witness: the checkpoint pointers it keeps for a job, read with the
// ZooKeeper image's own CLI inside the run's ZooKeeper container (no client of our own, no port to
// reach from the host). Flink 1.15 and later (checked on 1.20.0 and 2.1.0) keep one znode per
// completed checkpoint under <path.root>/<cluster-id>/jobs/<job id>/checkpoints, named by its id
// zero-padded to 19 digits; the JobManager that takes over recovers the newest of them.
import type { StartedTestContainer } from 'testcontainers';

const ZK_CLI = '/usr/share/zookeeper/bin/zkCli.sh';
/** A frozen or dying ZooKeeper must not hold the run: the CLI's own retries have no end. */
const READ_TIMEOUT_SECONDS = 30;
export const DEFAULT_ZOOKEEPER_ROOT = '/flink';
/** zkCli's report of its connection's events: `WATCHER::` and `WatchedEvent state:… type:… path:…`. */
const WATCHER_LINE = /^(WATCHER::|WatchedEvent state:)/;

/** Where a cluster's HA data lives in ZooKeeper, from the generation's Flink configuration. */
export function zookeeperClusterPath(config: Record<string, string>, clusterId: string): string {
  const root = (config['high-availability.zookeeper.path.root'] ?? DEFAULT_ZOOKEEPER_ROOT).replace(/\/+$/, '');
  const cluster = (config['high-availability.cluster-id'] ?? clusterId).replace(/^\/+/, '');
  return `${root.startsWith('/') ? root : `/${root}`}/${cluster}`;
}

/** The znode whose children are the job's completed-checkpoint pointers. */
export function checkpointsZnode(clusterPath: string, jobId: string): string {
  return `${clusterPath}/jobs/${jobId}/checkpoints`;
}

/**
 * The children zkCli's `ls` printed: its last line, `[a, b]`. Anything else (an error message, a
 * cut-off answer) throws: an answer that cannot be read must never count as an empty store. The
 * connection's watcher event is printed from another thread, before or after the answer (seen
 * after it under load), so its lines are not the answer.
 */
export function parseZkCliList(output: string): string[] {
  const answer = output.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !WATCHER_LINE.test(line));
  const last = answer.at(-1) ?? '';
  const list = /^\[(.*)\]$/.exec(last);
  if (!list) throw new Error(`zkCli answered no list: ${last || '(nothing)'}`);
  return list[1]!.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** The checkpoint ids among the children of the checkpoints znode, ascending. */
export function checkpointIdsOfZnodes(children: string[]): number[] {
  return children.filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
}

/** Runs one zkCli command against the container's own server, its standard output; throws with zkCli's last line when it fails. */
export async function zkCli(zookeeper: StartedTestContainer, ...command: string[]): Promise<string> {
  const result = await zookeeper.exec(['timeout', String(READ_TIMEOUT_SECONDS), ZK_CLI, '-server', '127.0.0.1:2181', ...command]);
  if (result.exitCode !== 0) {
    const said = result.output.trimEnd().split('\n').at(-1)?.trim() || '(no output)';
    throw new Error(`zkCli ${command.join(' ')} failed (exit ${result.exitCode}${result.exitCode === 124 ? ', timed out' : ''}): ${said}`);
  }
  return result.stdout;
}

/** The checkpoint ids Flink's ZooKeeper HA points to for `jobId`, ascending; throws when the store cannot be read. */
export async function zookeeperCheckpointIds(zookeeper: StartedTestContainer, clusterPath: string, jobId: string): Promise<number[]> {
  const znode = checkpointsZnode(clusterPath, jobId);
  return checkpointIdsOfZnodes(parseZkCliList(await zkCli(zookeeper, 'ls', znode)));
}
