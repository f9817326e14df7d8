// Killing a Flink JVM inside a pod, as an OOM kill or a crash would: shared by every platform whose
// Flink runs in pods (the harness's own manifests, the Flink Kubernetes Operator's pods).
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../k8s/kube.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * SIGKILLs the JVM in a container from an exec: dead when this returns. The pod must share its PID
 * namespace (manifests/flink-application.yaml; the operator's pods get it through the
 * FlinkDeployment's podTemplate), so the JVM is not PID 1 and SIGKILL reaches it; its first argument
 * is the java binary (/proc/<pid>/exe is not readable: the JVM runs as the flink user and the exec
 * has no CAP_SYS_PTRACE). Unless `awaitRestart` is false, waits until the kubelet restarted the
 * container in place. Resolves to when the kill had returned.
 */
export async function killJvmInPod(kube: Kube, namespace: string, pod: V1Pod, container: string, { awaitRestart = true } = {}): Promise<number> {
  const name = pod.metadata!.name!;
  const restartsBefore = restartCount(pod);
  const result = await kube.exec(namespace, name, container, ['sh', '-c',
    'for p in /proc/[0-9]*; do case "$(head -c 200 "$p/cmdline" 2>/dev/null | tr "\\0" " " | cut -d" " -f1)" in java|*/java) kill -9 "${p#/proc/}" && echo "killed ${p#/proc/}";; esac; done']);
  if (!/killed \d+/.test(result.stdout)) throw new Error(`no JVM to kill in ${name}/${container}: ${result.stdout}${result.stderr}${result.message ?? ''}`.trim());
  const killedAt = Date.now();
  if (!awaitRestart) return killedAt;
  await waitFor(`the ${container} container in ${name} to restart`, async () => {
    const now = await kube.core.readNamespacedPod({ namespace, name });
    return restartCount(now) > restartsBefore ? true : undefined;
  }, { timeoutMs: 60_000 });
  return killedAt;
}

export function restartCount(pod: V1Pod): number {
  return pod.status?.containerStatuses?.reduce((sum, c) => sum + (c.restartCount ?? 0), 0) ?? 0;
}
