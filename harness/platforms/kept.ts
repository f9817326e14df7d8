// What a person needs to look at a deployment that `--keep` left up: where its Flink UI, MinIO and
// logs are, as URLs or as commands to run. Never a credential itself: only the command that shows it
// (reports are shared and leak-checked). The harness's port-forwards die with it, so on Kubernetes
// every address is a `kubectl port-forward` to run; on Docker the containers' addresses outlive it.
import type { KeptAccess } from './platform.ts';

/** What a kept Docker deployment consists of, as the deployment knows it when it is kept. */
export interface DockerKeptParts {
  runId: string;
  deployment: string;
  network: string;
  /** True when ports are published on 127.0.0.1 (FRH_DOCKER_NETWORK=published), false on an internal network. */
  published: boolean;
  jobManager: { container: string; restUrl: string };
  taskManagers: string[];
  minio: { container: string; s3Url: string; consoleUrl?: string };
  zookeeper?: string;
}

export function dockerKeptAccess(parts: DockerKeptParts): KeptAccess[] {
  const { jobManager, minio } = parts;
  // A restarted container may get another address (internal) or keeps its published port: say how to ask again.
  const addressOf = (container: string, port: number): string => parts.published
    ? `docker port ${container} ${port}`
    : `docker inspect -f '{{(index .NetworkSettings.Networks "${parts.network}").IPAddress}}' ${container}`;
  return [
    { what: 'Flink UI (REST)', how: `${jobManager.restUrl}  (address now: ${addressOf(jobManager.container, 8081)})` },
    { what: 'MinIO S3 API', how: `${minio.s3Url}  (bucket flink; address now: ${addressOf(minio.container, 9000)})` },
    {
      what: 'MinIO console',
      how: minio.consoleUrl && !parts.published
        ? `${minio.consoleUrl}  (its port changes when MinIO restarts: docker logs ${minio.container} 2>&1 | grep WebUI)`
        : `not published; its port is in: docker logs ${minio.container} 2>&1 | grep WebUI`,
    },
    { what: 'MinIO credentials', how: `docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' ${minio.container} | grep ^MINIO_ROOT_` },
    { what: 'JobManager log', how: `docker logs ${jobManager.container}` },
    ...parts.taskManagers.map((container, index) => ({ what: `TaskManager ${index} log`, how: `docker logs ${container}` })),
    { what: 'MinIO log', how: `docker logs ${minio.container}` },
    ...(parts.zookeeper ? [{ what: 'ZooKeeper log', how: `docker logs ${parts.zookeeper}` }] : []),
    { what: 'every container (earlier generations too)', how: `docker ps -a --filter label=dev.frh.run=${parts.runId} --filter label=dev.frh.deployment=${parts.deployment}` },
  ];
}

/** What a kept deployment in a Kubernetes namespace consists of. */
export interface KubernetesKeptParts {
  /** `kubectl` with the cluster's kubeconfig and context (see kubectlCommand). */
  kubectl: string;
  namespace: string;
  /** The Service in front of the current JobManager's REST port 8081. */
  restService: string;
  /** The MinIO console's port inside its pod (MinIO picks it at start), when its log told. */
  minioConsolePort?: number;
  /** More kubectl commands (logs, status), as the arguments after `kubectl -n NAMESPACE`, e.g. `logs deploy/jobmanager-g1`. */
  commands: Array<{ what: string; args: string }>;
}

export function kubernetesKeptAccess(parts: KubernetesKeptParts): KeptAccess[] {
  const k = `${parts.kubectl} -n ${parts.namespace}`;
  return [
    { what: 'Flink UI (REST)', how: `${k} port-forward svc/${parts.restService} 8081:8081, then http://127.0.0.1:8081` },
    { what: 'MinIO S3 API', how: `${k} port-forward svc/minio 9000:9000, then http://127.0.0.1:9000 (bucket flink)` },
    {
      what: 'MinIO console',
      how: parts.minioConsolePort
        ? `${k} port-forward deploy/minio ${parts.minioConsolePort}:${parts.minioConsolePort}, then http://127.0.0.1:${parts.minioConsolePort}  (its port changes when MinIO restarts: ${k} logs deploy/minio | grep WebUI)`
        : `its port is in: ${k} logs deploy/minio | grep WebUI; then ${k} port-forward deploy/minio PORT:PORT`,
    },
    { what: 'MinIO credentials', how: `${k} get secret minio-credentials -o go-template='{{range $key, $value := .data}}{{$key}}={{$value | base64decode}}{{"\\n"}}{{end}}'` },
    ...parts.commands.map(({ what, args }) => ({ what, how: `${k} ${args}` })),
    { what: 'everything in it', how: `${k} get all,configmaps,events` },
  ];
}

/** `kubectl` aimed at the cluster the run used. */
export function kubectlCommand(cluster: { kubeconfig: string; context?: string | undefined }): string {
  return ['kubectl', '--kubeconfig', shellWord(cluster.kubeconfig), ...(cluster.context ? ['--context', shellWord(cluster.context)] : [])].join(' ');
}

/** The MinIO console's port from MinIO's start-up log ("WebUI: http://10.0.0.5:43977 ..."). */
export function minioConsolePort(log: string): number | undefined {
  const port = /WebUI:\s+https?:\/\/[^\s:]+:(\d+)/.exec(log)?.[1];
  return port ? Number(port) : undefined;
}

/** A word a POSIX shell reads back unchanged. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
