// One deployment on Docker: MinIO, optional ZooKeeper, and generations of Flink application
// clusters (a JobManager running the probe job plus TaskManagers) on a private network: a Docker
// internal network the harness reaches at the containers' IPs (network-access.ts).
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { Wait } from 'testcontainers';
import { ensureBucket } from '../../storage/s3.ts';
import type { RestorePoint } from '../../oracle/snapshot.ts';
import type { DeploymentSpec } from '../deployment-spec.ts';
import { JobManagerExitedError } from '../platform.ts';
import type { ComponentName, FreezesComponents, InterruptsStorage, KeptPlace, KillsJobManagers, KillsTaskManagers, ReadsHaStore } from '../platform.ts';
import { BUCKET, GenerationalDeployment, S3_CREDENTIALS, generationIdentity, type Generation } from '../generations.ts';
import { PROBE_MAIN_CLASS, flinkConfiguration, probeJobArguments, restoreArguments, toConfigYaml, userConfigOverrides } from '../flink-config.ts';
import { LoopbackContainer } from './loopback-container.ts';
import { containerLogs, createNetwork, docker, isRunning, keepDeployment, killContainer, pauseContainer, stopContainer, unpauseContainer } from './docker-api.ts';
import { dockerKeptAccess, minioConsolePort, type DockerKeptParts } from '../kept.ts';
import { ownedLabels } from './labels.ts';
import { NetworkAccess, dockerNetworkMode, type DockerNetworkMode } from './network-access.ts';
import { rootCauseLine } from '../flink-logs.ts';
import { flinkImageName, imageFor, probeFlinkImageName } from '../images.ts';
import { progress } from '../../support/progress.ts';
import { zkCli, zookeeperCheckpointIds, zookeeperClusterPath } from './zookeeper-ha.ts';

const STARTUP_TIMEOUT_MS = 180_000;
const USER_LIB = '/opt/flink/usrlib';

/** Container handles of one cluster generation. */
interface DockerGeneration extends Generation {
  jobManager: StartedTestContainer;
  taskManagers: StartedTestContainer[];
  /** Starts a JobManager of this generation in a new container (first start and replacements). */
  startJobManager(replacement: number): Promise<StartedTestContainer>;
  replacements: number;
  /** With ZooKeeper HA: the znode of this generation's cluster-id, where Flink keeps its HA data. */
  zookeeperPath?: string;
}

export interface DockerDeploymentOptions {
  runId: string;
  spec: DeploymentSpec;
  /** How the harness reaches the containers; default FRH_DOCKER_NETWORK (`internal`). */
  network?: DockerNetworkMode;
}

/** A deployment on the local Docker engine; create it with `DockerDeployment.start`. */
export class DockerDeployment extends GenerationalDeployment<DockerGeneration> implements KillsTaskManagers, KillsJobManagers, FreezesComponents, InterruptsStorage, ReadsHaStore {
  readonly platform = 'docker';

  private readonly runId: string;
  private readonly labels: Record<string, string>;
  private readonly resourcePrefix: string;
  private readonly networkName: string;
  private readonly access: NetworkAccess;
  private networkId = '';
  private minio?: StartedTestContainer;
  private zookeeper?: StartedTestContainer;
  private retired: StartedTestContainer[] = [];

  private constructor(options: DockerDeploymentOptions) {
    super(options.spec);
    this.runId = options.runId;
    this.resourcePrefix = dockerResourcePrefix(options.runId, options.spec.name);
    this.labels = ownedLabels(options.runId, options.spec.name);
    this.networkName = this.resourcePrefix;
    this.access = new NetworkAccess(this.networkName, options.network ?? dockerNetworkMode());
  }

  /** Starts storage, coordination and the first generation; on failure removes what it started. */
  static async start(options: DockerDeploymentOptions): Promise<DockerDeployment> {
    const deployment = new DockerDeployment(options);
    await deployment.boot();
    return deployment;
  }

  async killTaskManager(index = 0): Promise<number> {
    const taskManager = this.requireGeneration().taskManagers[index];
    if (!taskManager) throw new Error(`no TaskManager ${index} in ${this.spec.name}`);
    await killContainer(taskManager.getId());
    const killedAt = Date.now();
    progress(`${this.spec.name}: killed TaskManager ${index} (SIGKILL); starting it again like a supervisor would`);
    await taskManager.restart();
    return killedAt;
  }

  async killJobManager(): Promise<number> {
    const generation = this.requireGeneration();
    await killContainer(generation.jobManager.getId());
    const killedAt = Date.now();
    progress(`${this.spec.name}: killed the JobManager (SIGKILL); starting it again like a supervisor would`);
    await generation.jobManager.restart();
    // A restarted container may get another IP on the network: ask again.
    this.rest.setBaseUrl(await this.access.urlOf(generation.jobManager, 8081));
    return killedAt;
  }

  async replaceJobManager(): Promise<number> {
    const generation = this.requireGeneration();
    const old = generation.jobManager;
    await killContainer(old.getId());
    const killedAt = Date.now();
    // Stopped, not removed: its log stays evidence. The new container starts from the image, like a new pod.
    await stopContainer(old.getId(), 0).catch(() => undefined);
    this.retired.push(old);
    progress(`${this.spec.name}: killed the JobManager (SIGKILL) and started a fresh container in its place (empty local disk)`);
    generation.replacements += 1;
    generation.jobManager = await generation.startJobManager(generation.replacements);
    this.rest.setBaseUrl(await this.access.urlOf(generation.jobManager, 8081));
    return killedAt;
  }

  /** The checkpoint ids Flink's ZooKeeper HA points to for the current job, read with zkCli in the run's ZooKeeper. */
  async haCheckpointIds(): Promise<number[]> {
    const generation = this.requireGeneration();
    if (!this.zookeeper || !generation.zookeeperPath) throw new Error(`${this.spec.name} runs without ZooKeeper HA: there is no HA store to read`);
    if (!generation.jobId) throw new Error(`${this.spec.name}: the job id of generation ${generation.number} is not known yet`);
    return zookeeperCheckpointIds(this.zookeeper, generation.zookeeperPath, generation.jobId);
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
    this.connectStorage(await this.access.urlOf(minio, 9000));
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
    // Which checkpoints HA pointed to, beside the logs: every znode under the cluster-id.
    const zookeeperPath = this.current?.zookeeperPath;
    if (this.zookeeper && zookeeperPath) {
      diagnostics['zookeeper-ha'] = await zkCli(this.zookeeper, 'ls', '-R', zookeeperPath).catch((error: Error) => `(HA znodes unreadable: ${error.message})`);
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

  /** Marks the deployment kept (the reaper and every run's cleanup then pass it by) and says how to reach it. */
  async keep(): Promise<KeptPlace> {
    await keepDeployment(this.runId, this.spec.name, `${this.resourcePrefix}-kept`);
    const name = (container: StartedTestContainer): string => container.getName().replace(/^\//, '');
    const minio = this.requireMinio();
    const s3Url = await this.access.urlOf(minio, 9000).catch(() => this.storageEndpoint);
    const consolePort = minioConsolePort(await containerLogs(minio.getId(), 200).catch(() => ''));
    const consoleUrl = consolePort ? s3Url.replace(/:9000$/, `:${consolePort}`) : undefined;
    const generation = this.current;
    const jobManager = generation?.jobManager;
    const parts: DockerKeptParts = {
      runId: this.runId,
      deployment: this.spec.name,
      network: this.networkName,
      published: !this.access.internal,
      jobManager: jobManager
        ? { container: name(jobManager), restUrl: await this.access.urlOf(jobManager, 8081).catch(() => 'its address is unknown (not running)') }
        : { container: `${this.resourcePrefix}-jobmanager-g…`, restUrl: 'no generation runs' },
      taskManagers: (generation?.taskManagers ?? []).map(name),
      minio: { container: name(minio), s3Url, ...(consoleUrl ? { consoleUrl } : {}) },
      ...(this.zookeeper ? { zookeeper: name(this.zookeeper) } : {}),
    };
    return { platform: this.platform, where: `Docker network ${this.networkName} (containers ${this.resourcePrefix}-*)`, access: dockerKeptAccess(parts) };
  }

  protected async startInfrastructure(): Promise<void> {
    const network = await createNetwork(this.networkName, this.labels, { internal: this.access.internal });
    this.networkId = network.id;
    progress(`${this.spec.name}: starting MinIO${this.spec.highAvailability === 'zookeeper' ? ' and ZooKeeper' : ''}`);
    const minio = this.access.expose(this.container(imageFor('minio'), 'minio'), 9000)
      .withEnvironment({ MINIO_ROOT_USER: S3_CREDENTIALS.accessKey, MINIO_ROOT_PASSWORD: S3_CREDENTIALS.secretKey })
      .withCommand(['server', '/data', '--address', ':9000'])
      // Storage is infrastructure here, not the system under test: if MinIO dies while starting
      // (seen once in about 140 starts: exit within 2 s, no log kept), Docker starts it again and the
      // wait below goes on. An explicit stop (the storage-outage fault) is not restarted.
      .withRestartOnFailure(3)
      .withWaitStrategy(this.access.httpReady('/minio/health/live', 9000))
      .start();
    const zookeeper = this.spec.highAvailability === 'zookeeper'
      ? this.access.expose(this.container(imageFor('zookeeper'), 'zookeeper'), 2181).withWaitStrategy(this.access.portReady(2181)).start()
      : Promise.resolve(undefined);
    // Settled, not all: whichever started must be known to dispose() even when the other failed.
    const [startedMinio, startedZookeeper] = await Promise.allSettled([minio, zookeeper]);
    if (startedMinio.status === 'fulfilled') this.minio = startedMinio.value;
    if (startedZookeeper.status === 'fulfilled') this.zookeeper = startedZookeeper.value;
    if (startedMinio.status === 'rejected') throw startedMinio.reason;
    if (startedZookeeper.status === 'rejected') throw startedZookeeper.reason;
    if (!this.minio) throw new Error('MinIO did not start');
    this.connectStorage(await this.access.urlOf(this.minio, 9000));
    await ensureBucket(this.s3, BUCKET);
  }

  protected async startGeneration(number: number, restoreFrom: RestorePoint | undefined): Promise<void> {
    const { clusterId, fixedJobId } = generationIdentity(this.spec, number);
    const config = flinkConfiguration(this.spec, this.paths, {
      clusterId,
      jobManagerHost: 'jobmanager',
      s3Endpoint: 'http://minio:9000',
      s3AccessKey: S3_CREDENTIALS.accessKey,
      s3SecretKey: S3_CREDENTIALS.secretKey,
      zookeeperQuorum: 'zookeeper:2181',
    }, restoreFrom);
    const configYaml = toConfigYaml(config);
    this.configOverrides = userConfigOverrides(this.spec, config);
    const userJob = this.spec.userJob;
    // A user's job runs on their own image or the plain Flink image, its jar copied in; the probe has its own image.
    const image = userJob ? (userJob.image ?? imageFor(flinkImageName(this.spec.flinkVersion))) : imageFor(probeFlinkImageName(this.spec.flinkVersion));
    const job = userJob
      ? { entryClass: userJob.entryClass, arguments: userJob.arguments }
      : { entryClass: PROBE_MAIN_CLASS, arguments: probeJobArguments(this.spec, this.paths) };
    const command = ['standalone-job', '--job-classname', job.entryClass, ...(fixedJobId ? ['--job-id', fixedJobId] : []), ...restoreArguments(this.spec, restoreFrom), ...job.arguments];
    const startJobManager = (replacement: number): Promise<StartedTestContainer> =>
      this.access.expose(this.flinkContainer(image, 'jobmanager', number, configYaml, replacement > 0 ? `r${replacement}` : ''), 8081)
        .withCommand(command)
        // Started, not awaited here: the callers' waits check that it is still running, so a
        // JobManager that exits ends them with its root cause instead of a timeout.
        .withWaitStrategy(Wait.forLogMessage(/./))
        .start();
    progress(`${this.spec.name}: starting Flink ${this.spec.flinkVersion} generation ${number} (cluster-id ${clusterId}${fixedJobId ? `, job ${fixedJobId}` : ''})`);
    const jobManager = await startJobManager(0);
    const zookeeperPath = this.spec.highAvailability === 'zookeeper' ? zookeeperClusterPath(config, clusterId) : undefined;
    this.current = { number, clusterId, jobId: fixedJobId ?? '', jobManager, taskManagers: [], startJobManager, replacements: 0, ...(zookeeperPath ? { zookeeperPath } : {}) };
    this.rest.setBaseUrl(await this.access.urlOf(jobManager, 8081));
    this.current.taskManagers = await Promise.all(
      Array.from({ length: this.spec.taskManagers }, (_, i) =>
        this.flinkContainer(image, `taskmanager-${i}`, number, configYaml)
          .withEnvironment({ FLINK_PROPERTIES: `taskmanager.host: taskmanager-${i}` })
          .withCommand(['taskmanager'])
          .withWaitStrategy(Wait.forLogMessage(/./))
          .start(),
      ),
    );
    await this.awaitJobOf(this.current);
  }

  /** A JobManager that exited will never answer: say why instead of waiting for a timeout. */
  private async failIfJobManagerExited(jobManager: StartedTestContainer): Promise<void> {
    if (await isRunning(jobManager.getId())) return;
    const cause = rootCauseLine(await containerLogs(jobManager.getId(), 2000).catch(() => ''));
    throw new JobManagerExitedError(`the JobManager of ${this.spec.name} exited${cause ? `: ${cause}` : ''}`);
  }

  protected async jobManagerLog(generation: DockerGeneration): Promise<string> {
    return containerLogs(generation.jobManager.getId(), 2000);
  }

  protected async stopGeneration(generation: DockerGeneration): Promise<void> {
    const containers = [generation.jobManager, ...generation.taskManagers];
    await Promise.all(containers.map((c) => stopContainer(c.getId(), 0).catch(() => undefined)));
    // Stopped, not removed: their logs stay available as evidence until dispose().
    this.retired.push(...containers);
  }

  private flinkContainer(image: string, alias: string, generation: number, configYaml: string, suffix = ''): LoopbackContainer {
    const container = this.container(image, alias, `${alias}-g${generation}${suffix ? `-${suffix}` : ''}`)
      // Both our image and the official one rewrite jobmanager.rpc.address unless this is set.
      .withEnvironment({ JOB_MANAGER_RPC_ADDRESS: 'jobmanager' })
      .withCopyContentToContainer([{ content: configYaml, target: '/opt/flink/conf/config.yaml' }])
      .withStartupTimeout(STARTUP_TIMEOUT_MS);
    // Copied into the container before it starts, no image built: the application-mode entry point
    // finds the job class in usrlib/, and TaskManagers load it from their own usrlib/ too.
    const jar = this.spec.userJob?.jar;
    return jar ? container.withCopyFilesToContainer([{ source: jar, target: `${USER_LIB}/${basename(jar)}`, mode: 0o644 }]) : container;
  }

  /** A container on the deployment's network, reachable there as `alias`; `name` is unique per run. */
  private container(image: string, alias: string, name = alias): LoopbackContainer {
    return new LoopbackContainer(image)
      .withName(`${this.resourcePrefix}-${name}`)
      .withOnlyNetwork(this.networkName, alias)
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

  private requireMinio(): StartedTestContainer {
    if (!this.minio) throw new Error(`${this.spec.name} has no storage container`);
    return this.minio;
  }
}

/**
 * `frh-<run>-<deployment>`: the network's name and the start of every container's name. Scenarios of
 * one run can run at once (frh suite --parallel N), so two deployments must never share it: a name
 * too long for 60 characters keeps its start and ends in a hash of the whole name instead of being
 * cut, so names that differ only after the cut stay apart.
 */
export function dockerResourcePrefix(runId: string, deployment: string): string {
  const full = `frh-${runId}-${deployment}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (full.length <= 60) return full;
  return `${full.slice(0, 51)}-${createHash('sha256').update(full).digest('hex').slice(0, 8)}`;
}
