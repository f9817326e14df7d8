// One deployment on Docker: MinIO, optional ZooKeeper, and generations of Flink application
// clusters (a JobManager running the probe job plus TaskManagers) on a private network.
import { randomBytes } from 'node:crypto';
import type { StartedTestContainer } from 'testcontainers';
import { Wait } from 'testcontainers';
import type { S3Client } from '@aws-sdk/client-s3';
import { FlinkRestClient } from '../../flink/client.ts';
import { createS3Client, ensureBucket } from '../../storage/s3.ts';
import { StorageInspector } from '../../storage/inspector.ts';
import type { RestorePoint } from '../../oracle/snapshot.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import { JobManagerExitedError } from '../platform.ts';
import type { ComponentName, Deployment, FreezesComponents, InterruptsStorage, KillsJobManagers, KillsTaskManagers, StoragePaths } from '../platform.ts';
import { PROBE_MAIN_CLASS, flinkConfiguration, probeJobArguments, toConfigYaml } from '../flink-config.ts';
import { LoopbackContainer } from './loopback-container.ts';
import { containerLogs, createNetwork, docker, isRunning, rootCauseLine, killContainer, pauseContainer, stopContainer, unpauseContainer } from './docker-api.ts';
import { ownedLabels } from './labels.ts';
import { imageFor, probeFlinkImageName } from './images.ts';
import { progress } from '../../support/progress.ts';
import { waitFor } from '../../support/wait.ts';

const S3_ACCESS_KEY = 'frh-minio';
const S3_SECRET_KEY = 'frh-minio-secret';
const BUCKET = 'flink';
const STARTUP_TIMEOUT_MS = 180_000;

/** Container handles of one cluster generation. */
interface Generation {
  number: number;
  clusterId: string;
  jobId: string;
  jobManager: StartedTestContainer;
  taskManagers: StartedTestContainer[];
  /** Starts a JobManager of this generation in a new container (first start and replacements). */
  startJobManager(replacement: number): Promise<StartedTestContainer>;
  replacements: number;
}

export interface DockerDeploymentOptions {
  runId: string;
  spec: DeploymentSpec;
}

/** A deployment on the local Docker engine; create it with `DockerDeployment.start`. */
export class DockerDeployment implements Deployment, KillsTaskManagers, KillsJobManagers, FreezesComponents, InterruptsStorage {
  readonly platform = 'docker';
  readonly paths: StoragePaths = {
    bucket: BUCKET,
    checkpoints: `s3://${BUCKET}/checkpoints`,
    savepoints: `s3://${BUCKET}/savepoints`,
    ha: `s3://${BUCKET}/ha`,
    output: `s3://${BUCKET}/output`,
    control: `s3://${BUCKET}/control/fail`,
  };
  readonly rest = new FlinkRestClient({ baseUrl: 'http://127.0.0.1:1' });
  spec: DeploymentSpec;
  s3!: S3Client;
  storage!: StorageInspector;

  private readonly runId: string;
  private readonly labels: Record<string, string>;
  private readonly resourcePrefix: string;
  private networkName = '';
  private networkId = '';
  private minio?: StartedTestContainer;
  private zookeeper?: StartedTestContainer;
  private current?: Generation;
  private retired: StartedTestContainer[] = [];

  private constructor(options: DockerDeploymentOptions) {
    this.runId = options.runId;
    this.spec = options.spec;
    this.resourcePrefix = `frh-${options.runId}-${options.spec.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60);
    this.labels = ownedLabels(options.runId, options.spec.name);
  }

  /** Starts storage, coordination and the first generation; on failure removes what it started. */
  static async start(options: DockerDeploymentOptions): Promise<DockerDeployment> {
    const deployment = new DockerDeployment(options);
    try {
      await deployment.startInfrastructure();
      await deployment.startGeneration(1, options.spec.initialRestore);
      return deployment;
    } catch (error) {
      await deployment.dispose();
      throw error;
    }
  }

  get jobId(): string {
    return this.requireGeneration().jobId;
  }

  get generation(): number {
    return this.requireGeneration().number;
  }

  get clusterId(): string {
    return this.requireGeneration().clusterId;
  }

  async redeploy(from: RestorePoint, changes: Partial<DeploymentSpec> = {}): Promise<void> {
    const previous = this.requireGeneration();
    progress(`${this.spec.name}: tearing down generation ${previous.number}, redeploying from ${from.kind === 'none' ? 'empty state' : from.path}`);
    await this.stopGeneration(previous);
    this.spec = { ...this.spec, ...changes };
    await this.startGeneration(previous.number + 1, from);
  }

  async killTaskManager(index = 0): Promise<void> {
    const taskManager = this.requireGeneration().taskManagers[index];
    if (!taskManager) throw new Error(`no TaskManager ${index} in ${this.spec.name}`);
    await killContainer(taskManager.getId());
    progress(`${this.spec.name}: killed TaskManager ${index} (SIGKILL); starting it again like a supervisor would`);
    await taskManager.restart();
  }

  async killJobManager(): Promise<void> {
    const generation = this.requireGeneration();
    await killContainer(generation.jobManager.getId());
    progress(`${this.spec.name}: killed the JobManager (SIGKILL); starting it again like a supervisor would`);
    await generation.jobManager.restart();
    this.rest.setBaseUrl(restUrlOf(generation.jobManager));
  }

  async replaceJobManager(): Promise<void> {
    const generation = this.requireGeneration();
    const old = generation.jobManager;
    await killContainer(old.getId());
    // Stopped, not removed: its log stays evidence. The new container starts from the image, like a new pod.
    await stopContainer(old.getId(), 0).catch(() => undefined);
    this.retired.push(old);
    progress(`${this.spec.name}: killed the JobManager (SIGKILL) and started a fresh container in its place (empty local disk)`);
    generation.replacements += 1;
    generation.jobManager = await generation.startJobManager(generation.replacements);
    this.rest.setBaseUrl(restUrlOf(generation.jobManager));
  }

  async checkAlive(): Promise<void> {
    await this.failIfJobManagerExited(this.requireGeneration().jobManager);
  }

  async freeze(component: ComponentName): Promise<void> {
    for (const container of this.containersOf(component)) await pauseContainer(container.getId());
  }

  async thaw(component: ComponentName): Promise<void> {
    for (const container of this.containersOf(component)) await unpauseContainer(container.getId());
  }

  async stopStorage(): Promise<void> {
    await stopContainer(this.requireMinio().getId(), 2);
  }

  async startStorage(): Promise<void> {
    const minio = this.requireMinio();
    await minio.restart();
    this.connectStorage(minio);
  }

  async collectDiagnostics(): Promise<Record<string, string>> {
    const diagnostics: Record<string, string> = {};
    const named: Array<[string, StartedTestContainer | undefined]> = [
      ['minio', this.minio],
      ['zookeeper', this.zookeeper],
      ...this.retired.map((c, i): [string, StartedTestContainer] => [`retired-${i}-${c.getName().replace(/^\//, '')}`, c]),
    ];
    if (this.current) {
      named.push([`jobmanager-g${this.current.number}`, this.current.jobManager]);
      this.current.taskManagers.forEach((tm, i) => named.push([`taskmanager-${i}-g${this.current?.number}`, tm]));
    }
    for (const [name, container] of named) {
      if (!container) continue;
      diagnostics[name] = await containerLogs(container.getId()).catch((error: Error) => `(logs unavailable: ${error.message})`);
    }
    return diagnostics;
  }

  async dispose(): Promise<string[]> {
    const problems: string[] = [];
    const containers = [
      ...(this.current ? [this.current.jobManager, ...this.current.taskManagers] : []),
      ...this.retired,
      this.zookeeper,
      this.minio,
    ].filter((c): c is StartedTestContainer => c !== undefined);
    this.current = undefined;
    this.retired = [];
    await Promise.all(
      containers.map((c) => c.stop({ remove: true, removeVolumes: true, timeout: 0 }).catch((error: Error) => problems.push(`removing ${c.getName()}: ${error.message}`))),
    );
    if (this.networkId) {
      await docker().getNetwork(this.networkId).remove().catch((error: Error) => problems.push(`removing network ${this.networkName}: ${error.message}`));
      this.networkId = '';
    }
    return problems;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async startInfrastructure(): Promise<void> {
    this.networkName = this.resourcePrefix;
    const network = await createNetwork(this.networkName, this.labels);
    this.networkId = network.id;
    progress(`${this.spec.name}: starting MinIO${this.spec.highAvailability === 'zookeeper' ? ' and ZooKeeper' : ''}`);
    const minio = this.container(imageFor('minio'), 'minio')
      .withEnvironment({ MINIO_ROOT_USER: S3_ACCESS_KEY, MINIO_ROOT_PASSWORD: S3_SECRET_KEY })
      .withCommand(['server', '/data', '--address', ':9000'])
      .withLoopbackPorts(9000)
      .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000).forStatusCode(200))
      .start();
    const zookeeper = this.spec.highAvailability === 'zookeeper'
      ? this.container(imageFor('zookeeper'), 'zookeeper').withWaitStrategy(Wait.forListeningPorts()).withLoopbackPorts(2181).start()
      : Promise.resolve(undefined);
    [this.minio, this.zookeeper] = await Promise.all([minio, zookeeper]);
    this.connectStorage(this.minio);
    await ensureBucket(this.s3, BUCKET);
  }

  private connectStorage(minio: StartedTestContainer): void {
    this.s3 = createS3Client({ endpoint: `http://127.0.0.1:${minio.getMappedPort(9000)}`, accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY });
    this.storage = new StorageInspector(this.s3);
  }

  private async startGeneration(number: number, restoreFrom: RestorePoint | undefined): Promise<void> {
    // A user-chosen cluster-id is kept by every generation; with HA, Flink then derives the job id
    // from it, so a new cluster with that id is the same job to Flink (and finds its HA data).
    const clusterId = this.spec.clusterId ?? `${this.spec.name}-g${number}`;
    const fixedJobId = this.spec.clusterId === undefined ? randomBytes(16).toString('hex') : undefined;
    const config = flinkConfiguration(this.spec, this.paths, {
      clusterId,
      jobManagerHost: 'jobmanager',
      s3Endpoint: 'http://minio:9000',
      s3AccessKey: S3_ACCESS_KEY,
      s3SecretKey: S3_SECRET_KEY,
      zookeeperQuorum: 'zookeeper:2181',
    }, restoreFrom);
    const configYaml = toConfigYaml(config);
    const image = imageFor(probeFlinkImageName(this.spec.flinkVersion));
    const command = ['standalone-job', '--job-classname', PROBE_MAIN_CLASS, ...(fixedJobId ? ['--job-id', fixedJobId] : []), ...restoreArguments(this.spec, restoreFrom), ...probeJobArguments(this.spec, this.paths)];
    const startJobManager = (replacement: number): Promise<StartedTestContainer> =>
      this.flinkContainer(image, 'jobmanager', number, configYaml, replacement > 0 ? `r${replacement}` : '')
        .withCommand(command)
        .withLoopbackPorts(8081)
        // Started, not awaited here: the callers' waits check that it is still running, so a
        // JobManager that exits ends them with its root cause instead of a timeout.
        .withWaitStrategy(Wait.forLogMessage(/./))
        .start();
    progress(`${this.spec.name}: starting Flink ${this.spec.flinkVersion} generation ${number} (cluster-id ${clusterId}${fixedJobId ? `, job ${fixedJobId}` : ''})`);
    const jobManager = await startJobManager(0);
    this.current = { number, clusterId, jobId: fixedJobId ?? '', jobManager, taskManagers: [], startJobManager, replacements: 0 };
    this.rest.setBaseUrl(restUrlOf(jobManager));
    this.current.taskManagers = await Promise.all(
      Array.from({ length: this.spec.taskManagers }, (_, i) =>
        this.flinkContainer(image, `taskmanager-${i}`, number, configYaml)
          .withEnvironment({ FLINK_PROPERTIES: `taskmanager.host: taskmanager-${i}` })
          .withCommand(['taskmanager'])
          .withWaitStrategy(Wait.forLogMessage(/./))
          .start(),
      ),
    );
    await waitFor(`${this.spec.taskManagers} TaskManager(s) registered`, async () => {
      await this.failIfJobManagerExited(jobManager);
      const overview = await this.rest.overview();
      return overview.taskmanagers >= this.spec.taskManagers ? true : undefined;
    }, { timeoutMs: STARTUP_TIMEOUT_MS });
    if (!fixedJobId) {
      const generation = this.current;
      generation.jobId = await waitFor('the job id Flink derived from the cluster-id', async () => {
        await this.failIfJobManagerExited(jobManager);
        return (await this.rest.jobs())[0]?.jid;
      }, { timeoutMs: STARTUP_TIMEOUT_MS });
      progress(`${this.spec.name}: generation ${number} runs job ${generation.jobId}`);
    }
  }

  /** A JobManager that exited will never answer: say why instead of waiting for a timeout. */
  private async failIfJobManagerExited(jobManager: StartedTestContainer): Promise<void> {
    if (await isRunning(jobManager.getId())) return;
    const cause = rootCauseLine(await containerLogs(jobManager.getId(), 2000).catch(() => ''));
    throw new JobManagerExitedError(`the JobManager of ${this.spec.name} exited${cause ? `: ${cause}` : ''}`);
  }

  private async stopGeneration(generation: Generation): Promise<void> {
    const containers = [generation.jobManager, ...generation.taskManagers];
    await Promise.all(containers.map((c) => stopContainer(c.getId(), 0).catch(() => undefined)));
    // Stopped, not removed: their logs stay available as evidence until dispose().
    this.retired.push(...containers);
    this.current = undefined;
  }

  private flinkContainer(image: string, alias: string, generation: number, configYaml: string, suffix = ''): LoopbackContainer {
    return this.container(image, alias, `${alias}-g${generation}${suffix ? `-${suffix}` : ''}`)
      // Both our image and the official one rewrite jobmanager.rpc.address unless this is set.
      .withEnvironment({ JOB_MANAGER_RPC_ADDRESS: 'jobmanager' })
      .withCopyContentToContainer([{ content: configYaml, target: '/opt/flink/conf/config.yaml' }])
      .withStartupTimeout(STARTUP_TIMEOUT_MS);
  }

  /** A container on the deployment's network, reachable there as `alias`; `name` is unique per run. */
  private container(image: string, alias: string, name = alias): LoopbackContainer {
    return new LoopbackContainer(image)
      .withName(`${this.resourcePrefix}-${name}`)
      .withNetworkMode(this.networkName)
      .withNetworkAliases(alias)
      .withLabels(this.labels);
  }

  private containersOf(component: ComponentName): StartedTestContainer[] {
    const generation = this.requireGeneration();
    switch (component) {
      case 'jobmanager': return [generation.jobManager];
      case 'taskmanager': return generation.taskManagers;
      case 'storage': return [this.requireMinio()];
      case 'zookeeper': return this.zookeeper ? [this.zookeeper] : [];
    }
  }

  private requireGeneration(): Generation {
    if (!this.current) throw new Error(`${this.spec.name} has no running cluster generation`);
    return this.current;
  }

  private requireMinio(): StartedTestContainer {
    if (!this.minio) throw new Error(`${this.spec.name} has no storage container`);
    return this.minio;
  }
}

/**
 * The application entry point writes its command-line restore settings over the configuration
 * (an absent --allowNonRestoredState resets ignore-unclaimed-state to false), so pass them here.
 */
function restoreArguments(spec: DeploymentSpec, restoreFrom: RestorePoint | undefined): string[] {
  if (!restoreFrom || restoreFrom.kind === 'none') return [];
  return ['--fromSavepoint', restoreFrom.path, ...(spec.allowNonRestoredState ? ['--allowNonRestoredState'] : [])];
}


function restUrlOf(jobManager: StartedTestContainer): string {
  return `http://127.0.0.1:${jobManager.getMappedPort(8081)}`;
}
