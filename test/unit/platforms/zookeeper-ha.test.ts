// Reading Flink's ZooKeeper HA store through zkCli: what its answers mean, and that an answer that
// is not a list never reads as an empty store. The outputs are zkCli 3.8.0's own (frh/zookeeper).
import { describe, expect, it } from 'vitest';
import { checkpointIdsOfZnodes, checkpointsZnode, parseZkCliList, zookeeperClusterPath } from '../../../harness/platforms/docker/zookeeper-ha.ts';

const connected = 'Connecting to 127.0.0.1:2181\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n';

describe('zkCli ls answers', () => {
  it('reads the list on its last line', () => {
    expect(parseZkCliList(`${connected}[0000000000000000009, 0000000000000000010]\n`)).toEqual(['0000000000000000009', '0000000000000000010']);
    expect(parseZkCliList(`${connected}[]\n`)).toEqual([]);
  });

  it('reads the list when the connection\'s watcher event is printed after it (seen under load)', () => {
    const late = 'Connecting to 127.0.0.1:2181\n[0000000000000000003]\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n';
    expect(parseZkCliList(late)).toEqual(['0000000000000000003']);
    expect(() => parseZkCliList('Connecting to 127.0.0.1:2181\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n')).toThrow(/no list/);
  });

  it('throws on anything else: an error is never an empty store', () => {
    expect(() => parseZkCliList(`${connected}Node does not exist: /flink/c/jobs/j/checkpoints\n`)).toThrow(/Node does not exist/);
    expect(() => parseZkCliList('Connecting to 127.0.0.1:2181\nKeeperErrorCode = ConnectionLoss for /flink\n')).toThrow(/ConnectionLoss/);
    expect(() => parseZkCliList('')).toThrow(/no list/);
  });

  it('orders checkpoint ids as numbers and passes other znodes by', () => {
    expect(checkpointIdsOfZnodes(['0000000000000000010', '0000000000000000009', 'locks'])).toEqual([9, 10]);
  });
});

describe('where Flink keeps a job\'s checkpoint pointers', () => {
  it('is <path.root>/<cluster-id>/jobs/<job id>/checkpoints, default root /flink', () => {
    expect(checkpointsZnode(zookeeperClusterPath({}, 'probe-g1'), 'abc')).toBe('/flink/probe-g1/jobs/abc/checkpoints');
  });

  it('follows the configured root and cluster-id', () => {
    expect(zookeeperClusterPath({ 'high-availability.zookeeper.path.root': 'ha/', 'high-availability.cluster-id': '/orders' }, 'probe-g1')).toBe('/ha/orders');
  });
});
