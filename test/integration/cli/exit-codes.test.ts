// The CLI answers bad input with one line on stderr and exit code 2, never a stack trace.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const main = resolve(import.meta.dirname, '../../../harness/cli/main.ts');
const frh = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, FRH_QUIET: '1' } });

describe('frh exit codes for bad input', () => {
  it.each([
    [['suite', '--flink', 'latest'], /not a Flink version/],
    [['suite', '--flink', '1.17.0'], /no image recipe/],
    [['suite', '--platform', 'mesos'], /not one of docker/],
    [['suite', '--bogus'], /unknown option --bogus/],
    [['suite', 'Not_A_Filter'], /scenario filter/],
    [['suite', 'zzzz'], /^frh: scenario filter "zzzz" matches no scenario; the suite has: 01-taskmanager-killed/],
    [['suite', '--provider', 'existing', '--kubeconfig', '/nonexistent'], /^frh: --provider existing: applies only with --platform kubernetes/],
    [['suite', '--platform', 'kubernetes', '--provider', 'existing', '--kubeconfig', '/nonexistent'], /^frh: --kubeconfig \/nonexistent: no such file/],
    [['validate', 'suite', '--platform', 'foo'], /^frh: --platform foo: not one of docker, kubernetes/],
    [['launch-rockets'], /unknown command/],
    [['cluster', 'up', '--provider', 'existing', '--kubeconfig', '/nonexistent/kubeconfig'], /--kubeconfig \/nonexistent\/kubeconfig: no such file/],
    [['cluster', 'up', '--provider', 'k3d'], /not one of local, kind, minikube, existing/],
    [['cluster', 'explode'], /cluster needs an action/],
  ])('frh %j → exit 2 with one line', (args, message) => {
    const result = frh(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate prints what a good command needs from the machine, and starts nothing', () => {
    const result = frh('validate', 'sweep');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('docker\n');
  });

  it('help exits 0 and lists the commands', () => {
    const result = frh('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/frh suite/);
  });
});
