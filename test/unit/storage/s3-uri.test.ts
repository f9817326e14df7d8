// S3 URIs as Flink writes them (s3://, s3a://, s3p://) and listing prefixes.
import { describe, expect, it } from 'vitest';
import { asPrefix, parseS3Uri, toS3Uri } from '../../../harness/storage/s3.ts';

describe('parseS3Uri', () => {
  it('splits bucket and key and keeps the scheme', () => {
    expect(parseS3Uri('s3://flink/checkpoints/job/chk-3')).toEqual({ scheme: 's3', bucket: 'flink', key: 'checkpoints/job/chk-3' });
    expect(parseS3Uri('s3a://flink/savepoints/')).toEqual({ scheme: 's3a', bucket: 'flink', key: 'savepoints/' });
    expect(parseS3Uri('s3p://flink')).toEqual({ scheme: 's3p', bucket: 'flink', key: '' });
    expect(parseS3Uri('S3://flink//x')).toEqual({ scheme: 's3', bucket: 'flink', key: 'x' });
  });

  it('rejects other schemes and a missing bucket', () => {
    for (const uri of ['file:///tmp/x', 'hdfs://nn/x', 's3:///key', 'flink/checkpoints', '']) {
      expect(() => parseS3Uri(uri)).toThrow(/not an S3 URI/);
    }
  });
});

describe('asPrefix and toS3Uri', () => {
  it('normalise prefixes and build URIs', () => {
    expect(asPrefix('')).toBe('');
    expect(asPrefix('checkpoints')).toBe('checkpoints/');
    expect(asPrefix('checkpoints//')).toBe('checkpoints/');
    expect(toS3Uri('flink', '/checkpoints/j/chk-1', 's3p')).toBe('s3p://flink/checkpoints/j/chk-1');
  });
});
