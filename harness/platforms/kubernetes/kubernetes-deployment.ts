// One deployment on Kubernetes: its own labelled namespace with MinIO, the RBAC Flink's Kubernetes HA
// needs, and generations of Flink application clusters (a JobManager Deployment running the probe
// job, a TaskManager Deployment). The harness reaches Flink's REST API and MinIO only through
// port-forwards on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { KubernetesObject, V1ConfigMap, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ensureBucket } from '../../storage/s3.ts';
import type { RestorePoint } from '../../oracle/snapshot.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import type { DeletesHaMetadata, InterruptsStorage, KeptPlace, KillsJobManagers, KillsTaskManagers, ReadsHaStore } from '../platform.ts';
import { kubernetesKeptAccess } from '../kept.ts';
import { BUCKET, GenerationalDeployment, S3_CREDENTIALS, generationIdentity, type Generation } from '../generations.ts';
import { PROBE_MAIN_CLASS, flinkConfiguration, probeJobArguments, restoreArguments, toConfigYaml, userConfigOverrides } from '../flink-config.ts';
import { Kube, OWNER_LABEL, OWNER_VALUE, RUN_LABEL, type PortForwardHandle } from '../../k8s/kube.ts';
import { findObject, renderManifest } from '../on-cluster/manifests.ts';
import { killJvmInPod } from '../on-cluster/jvm-kill.ts';
import { DEPLOYMENT_LABEL, FLINK_HA_LABELS, namespaceName, deleteHaConfigMaps, haConfigMapsIn, type HaMetadataScope, haCheckpointIdsIn, closeForwards, deleteNamespaceOf, deploymentDiagnostics, keepNamespaceOf, minioConsolePortIn, podLogs, startStorage, stopStorage, throwIfJobManagerCrashLoops } from '../on-cluster/namespace-parts.ts';
import { progress } from '../../support/progress.ts';

const STARTUP_TIMEOUT_MS = 240_000;

export interface KubernetesDeploymentOptions {
  kube: Kube;
  /** `kubectl` aimed at the cluster (kubectlCommand), quoted in a kept deployment's instructions. */
  kubectl?: string;
  runId: string;
  spec: DeploymentSpec;
  images: {
    flink: (flinkVersion: string) => string;
    minio: string;
    /** Brings images onto the nodes (skipping those they have): a Flink upgrade starts a version the run did not load up front. */
    load?: (images: string[]) => Promise<void>;
  };
}

interface KubernetesGeneration extends Generation {
  /** Selects this generation's pods. */
  selector: string;
}

/** A deployment in its own namespace of a Kubernetes cluster; create it with `KubernetesDeployment.start`. */
export class KubernetesDeployment extends GenerationalDeployment<KubernetesGeneration>
  implements KillsTaskManagers, KillsJobManagers, InterruptsStorage, ReadsHaStore, DeletesHaMetadata {
  readonly platform = 'kubernetes';
  readonly namespace: string;

  private readonly kube: Kube;
  private readonly kubectl: string;
  private readonly runId: string;
  private readonly images: KubernetesDeploymentOptions['images'];
  private readonly labels: Record<string, string>;
  private storageForward?: PortForwardHandle;
  private restForward?: PortForwardHandle;
  /** Logs of generations already torn down, kept as evidence. */
  private readonly retiredLogs: Record<string, string> = {};

  private constructor(options: KubernetesDeploymentOptions) {
    // The platform runs Kubernetes HA whenever HA is asked for (there is no ZooKeeper here).
    super(options.spec.highAvailability === 'none' ? options.spec : { ...options.spec, highAvailability: 'kubernetes' });
    this.kube = options.kube;
    this.kubectl = options.kubectl ?? 'kubectl';
    this.runId = options.runId;
    this.images = options.images;
    this.namespace = namespaceName(options.runId, options.spec.name);
    this.labels = { [OWNER_LABEL]: OWNER_VALUE, [RUN_LABEL]: options.runId, [DEPLOYMENT_LABEL]: options.spec.name };
  }

  /** Creates the namespace, MinIO and the first generation; on failure removes what it created. */
  static async start(options: KubernetesDeploymentOptions): Promise<KubernetesDeployment> {
    const deployment = new KubernetesDeployment(options);
    await deployment.boot();
    return deployment;
  }

  /**
   * SIGKILLs a TaskManager's JVM; the kubelet restarts its container in place. Not a pod deletion:
   * the API server forgets a pod deleted with grace period 0 at once while its processes run on until
   * the kubelet stops them, so a checkpoint could still complete after the recorded fault time.
   */
  async killTaskManager(index = 0): Promise<number> {
    const generation = this.requireGeneration();
    const pods = (await this.livePods(`${generation.selector},component=taskmanager`)).sort(byName);
    const pod = pods[index];
    if (!pod) throw new Error(`no TaskManager ${index} in ${this.spec.name} (found ${pods.length})`);
    const killedAt = await killJvmInPod(this.kube, this.namespace, pod, 'taskmanager');
    progress(`${this.spec.name}: killed the TaskManager JVM in ${pod.metadata!.name} (SIGKILL); the kubelet restarts the container in place`);
    return killedAt;
  }

  /** SIGKILLs the JobManager's JVM inside its container; the kubelet restarts the container in place. */
  async killJobManager(): Promise<number> {
    const pod = await this.jobManagerPod();
    const killedAt = await killJvmInPod(this.kube, this.namespace, pod, 'jobmanager');
    progress(`${this.spec.name}: killed the JobManager JVM in ${pod.metadata!.name} (SIGKILL); the kubelet restarts the container in place`);
    return killedAt;
  }

  /**
   * The JobManager pod is lost: its JVM is SIGKILLed (so it is dead when this returns) and the pod
   * deleted; its Deployment starts a new pod (new IP, empty local disk).
   */
  async replaceJobManager(): Promise<number> {
    const pod = await this.jobManagerPod();
    const killedAt = await killJvmInPod(this.kube, this.namespace, pod, 'jobmanager', { awaitRestart: false });
    await this.kube.deletePod(this.namespace, pod.metadata!.name!);
    progress(`${this.spec.name}: killed the JobManager JVM and deleted its pod ${pod.metadata!.name}; its Deployment starts a new one`);
    return killedAt;
  }

  async checkAlive(): Promise<void> {
    const generation = this.requireGeneration();
    await throwIfJobManagerCrashLoops(this.kube, this.namespace, await this.livePods(`${generation.selector},component=jobmanager`), 'jobmanager', this.spec.name);
  }

  /** Scales MinIO to zero: every S3 call fails until startStorage (its volume keeps the data). */
  stopStorage(): Promise<void> {
    return stopStorage(this.kube, this.namespace, this.spec.name);
  }

  startStorage(): Promise<void> {
    return startStorage(this.kube, this.namespace, this.spec.name);
  }

  /** The HA ConfigMaps Flink keeps for the current cluster-id (leader election, job graphs, checkpoints). */
  async haConfigMaps(): Promise<V1ConfigMap[]> {
    return this.kube.configMaps(this.namespace, `app=${this.requireGeneration().clusterId},${FLINK_HA_LABELS}`);
  }

  /** The checkpoint ids the job's HA ConfigMap points to (keys checkpointID-<zero-padded id>). */
  async haCheckpointIds(): Promise<number[]> {
    return haCheckpointIdsIn(await this.haConfigMaps());
  }

  /** Deletes the HA ConfigMaps of the current cluster-id, as a careless cleanup or an operator would. */
  async deleteHaMetadata(scope: HaMetadataScope = 'all'): Promise<string[]> {
    return deleteHaConfigMaps(this.kube, this.namespace, haConfigMapsIn(await this.haConfigMaps(), scope), this.spec.name);
  }

  async collectDiagnostics(): Promise<Record<string, string>> {
    return { ...this.retiredLogs, ...(await deploymentDiagnostics(this.kube, this.namespace, this.haConfigMaps(), [this.restForward, this.storageForward])) };
  }

  async dispose(): Promise<string[]> {
    await closeForwards(this.restForward, this.storageForward);
    this.current = undefined;
    return deleteNamespaceOf(this.kube, this.namespace);
  }

  /** Closes the port-forwards and detaches the namespace from this process (it stays until `frh sweep`); says how to reach it. */
  async keep(): Promise<KeptPlace> {
    await keepNamespaceOf(this.kube, this.namespace, [this.restForward, this.storageForward]);
    const generation = this.current?.number;
    return {
      platform: this.platform,
      where: `Kubernetes namespace ${this.namespace}`,
      access: kubernetesKeptAccess({
        kubectl: this.kubectl,
        namespace: this.namespace,
        restService: `jobmanager-rest-g${generation ?? 1}`,
        ...(await minioConsolePortIn(this.kube, this.namespace)),
        commands: [
          { what: 'JobManager log', args: `logs deploy/jobmanager-g${generation ?? 1}` },
          { what: 'TaskManager logs', args: `logs -l app=flink,component=taskmanager${generation ? `,generation=${generation}` : ''} --prefix --tail=-1` },
          { what: 'MinIO log', args: 'logs deploy/minio' },
        ],
      }),
    };
  }

  protected async startInfrastructure(): Promise<void> {
    progress(`${this.spec.name}: creating namespace ${this.namespace} with MinIO and Flink's HA role`);
    await this.kube.createOwnedNamespace(this.namespace, this.runId);
    await this.kube.apply([
      ...renderManifest('flink-rbac', { NAMESPACE: this.namespace }, this.labels),
      ...renderManifest('minio', {
        NAMESPACE: this.namespace, MINIO_IMAGE: this.images.minio, S3_ACCESS_KEY: S3_CREDENTIALS.accessKey, S3_SECRET_KEY: S3_CREDENTIALS.secretKey, STORAGE_SIZE: '1Gi',
      }, this.labels),
    ]);
    await this.kube.waitForDeploymentReady(this.namespace, 'minio', STARTUP_TIMEOUT_MS);
    this.storageForward = await this.kube.portForwardToSelector(this.namespace, 'app=minio', 9000);
    this.connectStorage(`http://127.0.0.1:${this.storageForward.localPort}`);
    await ensureBucket(this.s3, BUCKET);
  }

  protected async startGeneration(number: number, restoreFrom: RestorePoint | undefined): Promise<void> {
    const { clusterId, fixedJobId } = generationIdentity(this.spec, number);
    const config = flinkConfiguration(this.spec, this.paths, {
      clusterId,
      jobManagerHost: `jobmanager-rest-g${number}`,
      s3Endpoint: `http://minio.${this.namespace}.svc:9000`,
      s3AccessKey: S3_CREDENTIALS.accessKey,
      s3SecretKey: S3_CREDENTIALS.secretKey,
      kubernetesNamespace: this.namespace,
      // The ports the manifests declare (Flink would pick random ones in HA mode).
      platformConfig: { 'high-availability.jobmanager.port': '6123', 'jobmanager.rpc.port': '6123', 'blob.server.port': '6124' },
    }, restoreFrom);
    const flinkImage = this.spec.userJob?.image ?? this.images.flink(this.spec.flinkVersion);
    await this.images.load?.([flinkImage]);
    const objects = renderManifest('flink-application', {
      NAMESPACE: this.namespace, GENERATION: number, FLINK_IMAGE: flinkImage, TASK_MANAGERS: this.spec.taskManagers,
    }, { ...this.labels, 'frh.dev/generation': String(number) });
    findObject<V1ConfigMap & KubernetesObject>(objects, 'ConfigMap', `flink-config-g${number}`).data = { 'config.yaml': toConfigYaml(config) };
    this.configOverrides = userConfigOverrides(this.spec, config);
    const jobManager = findObject<V1Deployment & KubernetesObject>(objects, 'Deployment', `jobmanager-g${number}`);
    const container = jobManager.spec!.template.spec!.containers[0]!;
    const userJob = this.spec.userJob;
    if (userJob) objects.push(...this.withUserJar(objects, number, userJob.jar));
    container.args = [
      ...(container.args ?? []),
      '--job-classname', userJob?.entryClass ?? PROBE_MAIN_CLASS,
      ...(fixedJobId ? ['--job-id', fixedJobId] : []),
      ...restoreArguments(this.spec, restoreFrom),
      ...(userJob ? userJob.arguments : probeJobArguments(this.spec, this.paths)),
    ];
    progress(`${this.spec.name}: starting Flink ${this.spec.flinkVersion} generation ${number} in ${this.namespace} (cluster-id ${clusterId}${fixedJobId ? `, job ${fixedJobId}` : ''})`);
    await this.kube.apply(objects);
    this.current = { number, clusterId, jobId: fixedJobId ?? '', selector: `app=flink,generation=${number}` };
    await this.restForward?.close();
    this.restForward = await this.kube.portForwardToSelector(this.namespace, `app=flink,component=jobmanager,generation=${number}`, 8081);
    this.rest.setBaseUrl(`http://127.0.0.1:${this.restForward.localPort}`);
    await this.awaitJobOf(this.current);
  }

  /**
   * A user's jar as a ConfigMap mounted over /opt/flink/usrlib of the JobManager and TaskManagers:
   * no image is built or loaded, and the probe's jar in the image's usrlib/ is hidden, so only the
   * user's job is on the classpath. Returns the ConfigMap to apply with the generation.
   */
  private withUserJar(objects: KubernetesObject[], generation: number, jar: string): Array<V1ConfigMap & KubernetesObject> {
    const name = `user-job-g${generation}`;
    for (const component of ['jobmanager', 'taskmanager']) {
      const pod = findObject<V1Deployment & KubernetesObject>(objects, 'Deployment', `${component}-g${generation}`).spec!.template.spec!;
      pod.volumes = [...(pod.volumes ?? []), { name: 'user-job', configMap: { name } }];
      const container = pod.containers[0]!;
      container.volumeMounts = [...(container.volumeMounts ?? []), { name: 'user-job', mountPath: '/opt/flink/usrlib', readOnly: true }];
    }
    const labels = findObject<V1ConfigMap & KubernetesObject>(objects, 'ConfigMap', `flink-config-g${generation}`).metadata?.labels ?? {};
    return [{
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name, namespace: this.namespace, labels },
      binaryData: { [basename(jar)]: readFileSync(jar).toString('base64') },
    }];
  }

  /** Keeps the generation's logs as evidence, then deletes its Deployments, ConfigMap and Service. */
  protected async jobManagerLog(generation: KubernetesGeneration): Promise<string> {
    const pods = await this.livePods(`${generation.selector},component=jobmanager`);
    const logs = await Promise.all(pods.map((pod) => this.kube.podLog(this.namespace, pod.metadata!.name!, 'jobmanager').catch(() => '')));
    return logs.join('\n');
  }

  protected override resumeContextExtras(): { namespace?: string } {
    return { namespace: this.namespace };
  }

  protected async stopGeneration(generation: KubernetesGeneration): Promise<void> {
    for (const pod of await this.kube.pods(this.namespace, generation.selector)) Object.assign(this.retiredLogs, await podLogs(this.kube, this.namespace, pod, `retired-g${generation.number}-`));
    await this.kube.deleteBySelector(this.namespace, `frh.dev/generation=${generation.number}`, generation.selector);
  }

  private async jobManagerPod(): Promise<V1Pod> {
    const generation = this.requireGeneration();
    const pods = await this.livePods(`${generation.selector},component=jobmanager`);
    if (!pods[0]) throw new Error(`no JobManager pod in ${this.namespace}`);
    return pods[0];
  }

  private async livePods(selector: string): Promise<V1Pod[]> {
    return (await this.kube.pods(this.namespace, selector)).filter((pod) => !pod.metadata?.deletionTimestamp);
  }
}

function byName(a: V1Pod, b: V1Pod): number {
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}
