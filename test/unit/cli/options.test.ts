import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../harness/cli/options.ts';
import { BadInputError } from '../../../harness/support/errors.ts';
import { flinkVersions, platformName, runIdFrom } from '../../../harness/scenario/environment.ts';

describe('parseArgs', () => {
  const known = { flink: 'value', verbose: 'boolean' } as const;
  it('reads values, inline values, booleans and positionals', () => {
    const parsed = parseArgs(['suite', 'jobmanager', '--flink', '1.20.0', '--verbose'], known);
    expect(parsed.command).toBe('suite');
    expect(parsed.positional).toEqual(['jobmanager']);
    expect(parsed.flags.get('flink')).toBe('1.20.0');
    expect(parsed.flags.get('verbose')).toBe(true);
    expect(parseArgs(['suite', '--flink=2.1.0'], known).flags.get('flink')).toBe('2.1.0');
  });
  it('rejects unknown options and missing values with one-line errors', () => {
    expect(() => parseArgs(['suite', '--flnk', '2'], known)).toThrow(BadInputError);
    expect(() => parseArgs(['suite', '--flink'], known)).toThrow(/needs a value/);
  });
  it.each([
    [['suite', '--flnk', '2'], 'unknown option --flnk for "suite" (known: --flink, --verbose)'],
    [['suite', '-x'], 'unknown option -x for "suite" (known: --flink, --verbose)'],
    [['suite', '--flink'], 'option --flink needs a value'],
    [['suite', '--flink', '--verbose'], 'option --flink needs a value'],
    [['suite', '--verbose=yes'], 'option --verbose takes no value'],
  ])('%j is the one line "%s"', (argv, message) => {
    expect(() => parseArgs(argv, known)).toThrow(new BadInputError(message));
  });
  it('takes what follows -- as positionals', () => {
    expect(parseArgs(['suite', '--', '--verbose'], known).positional).toEqual(['--verbose']);
  });
});

describe('scenario environment', () => {
  it('validates versions, platforms and run ids', () => {
    expect(flinkVersions({ FRH_FLINK_VERSIONS: '2.1.0, 1.20.0' })).toEqual(['2.1.0', '1.20.0']);
    expect(() => flinkVersions({ FRH_FLINK_VERSIONS: 'latest' })).toThrow(BadInputError);
    expect(() => flinkVersions({ FRH_FLINK_VERSIONS: '1.17.0' })).toThrow(/no image recipe/);
    expect(() => platformName({ FRH_PLATFORM: 'mesos' })).toThrow(BadInputError);
    expect(() => runIdFrom({ FRH_RUN_ID: 'Bad Id' })).toThrow(BadInputError);
    expect(runIdFrom({})).toMatch(/^[0-9]{8}-[0-9]{6}$/);
  });
});
