import { describe, expect, it } from 'vitest';
import { causeIsLostState } from '../../../harness/platforms/flink-logs.ts';

describe('a JobManager root cause that says state was lost', () => {
  it.each([
    'Caused by: java.io.FileNotFoundException: /opt/flink/ha/default/completedCheckpoint3ad0b8e1 (No such file or directory)',
    'Caused by: java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory \'s3://flink/checkpoints/x/chk-7\' on file system \'s3\'.',
    'Caused by: java.nio.file.NoSuchFileException: /opt/flink/ha/submittedJobGraph1b2c',
  ])('counts %s', (cause) => expect(causeIsLostState(cause)).toBe(true));

  it.each([
    'Caused by: java.lang.OutOfMemoryError: Java heap space',
    'Caused by: java.lang.ClassNotFoundException: dev.frh.probe.ProbeJob',
    'the JobManager of x keeps exiting (3 restarts, CrashLoopBackOff): ERROR Could not start cluster entrypoint: port 6123 already in use',
    'Caused by: java.net.UnknownHostException: zookeeper: Name or service not known',
  ])('does not count %s', (cause) => expect(causeIsLostState(cause)).toBe(false));
});
