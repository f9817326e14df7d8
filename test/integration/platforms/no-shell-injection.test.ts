// Shell metacharacters in a job's arguments reach Flink's main() as they are and run nothing: the
// harness gives Docker the JobManager's command as a list (docker-deployment.ts: standalone-job,
// --job-classname, the arguments), and the image's entry point passes it on with "$@". Each payload
// tries to create a file; the container's file system changes (docker diff) must show none of them,
// while the same payload given to `sh -c` in the same image does create its file (the check can fail).
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { imageFor, flinkImageName } from '../../../harness/platforms/images.ts';
import { DEFAULT_FLINK_VERSION } from '../../../harness/platforms/deployment-spec.ts';
import { ownedLabels } from '../../../harness/platforms/docker/labels.ts';
import { waitFor } from '../../../harness/support/wait.ts';

const image = imageFor(flinkImageName(DEFAULT_FLINK_VERSION));
const runId = (process.env.FRH_RUN_ID ?? 'no-shell').slice(0, 30);
const marker = '/tmp/frh-pwned';
const PAYLOADS = [
  `$(touch ${marker}-1)`, `\`touch ${marker}-2\``, `; touch ${marker}-3`, `| touch ${marker}-4`, `&& touch ${marker}-5`,
  `'; touch ${marker}-6; '`, `"; touch ${marker}-7; "`, `$(IFS=_;cmd=touch_${marker}-8;$cmd)`,
];
const created: string[] = [];

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A container of the run, labelled as the harness labels its own (a crashed run's sweep removes it). */
function container(name: string, args: string[]): string {
  const labels = Object.entries(ownedLabels(runId, 'no-shell')).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  const id = docker('create', '--name', `frh-${runId}-${name}-${Date.now().toString(36)}`, ...labels, ...args).trim();
  created.push(id);
  return id;
}

const pwned = (id: string): string[] => docker('diff', id).split('\n').filter((line) => line.includes('frh-pwned')).map((line) => line.trim());

describe('no shell injection through a job\'s arguments', () => {
  afterAll(() => {
    for (const id of created) {
      try {
        docker('rm', '-f', id);
      } catch {
        // Already gone.
      }
    }
  });

  it('hands every payload to Flink verbatim and runs none of them', async () => {
    const id = container('jm', [image, 'standalone-job', '--job-classname', 'dev.frh.NoSuchJob', ...PAYLOADS]);
    docker('start', id);
    // Flink logs its program arguments once the entry point has handed them over: any shell on the
    // way has run by then.
    const log = await waitFor('the JobManager to log its program arguments', async () => {
      const text = docker('logs', id);
      return text.includes('Program Arguments:') && text.includes(PAYLOADS.at(-1)!) ? text : undefined;
    }, { timeoutMs: 120_000 });
    for (const payload of PAYLOADS) expect(log).toContain(payload);
    expect(pwned(id)).toEqual([]);
  });

  it('would see a payload that ran (the same payload through sh -c)', async () => {
    const id = container('control', ['--entrypoint', 'sh', image, '-c', `echo ${PAYLOADS[0]}`]);
    docker('start', '--attach', id);
    expect(pwned(id)).toEqual([`A ${marker}-1`]);
  });
});
