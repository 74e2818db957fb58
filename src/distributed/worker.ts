/**
 * The worker: takes work units from the queue and runs them in this process, repository
 * checkouts in its workspace (their npm and Python dependencies installed once per lockfile, see
 * dep-cache.ts), project code inside the sandbox (the analysers run it through
 * `runContained`). It arms each unit's deadline itself (the agent runner's), cancels the jobs
 * of a run when its coordinator says so (their test processes are killed through the abort
 * signal), drops and cancels the jobs of a run whose coordinator is gone (its heartbeat key
 * expired: see run-heartbeat.ts), and refuses jobs it cannot run (bad data, a commit it cannot
 * check out, `require` containment without bubblewrap) without retrying them. A job of a worker that died is taken
 * over by another worker when its lock expires.
 *
 * @module
 */
import os from 'node:os';
import { Redis } from 'ioredis';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { errorMessage } from '../errors.js';
import { probeBubblewrap } from '../core/sandbox/index.js';
import { bullmqConnection, redisOptions } from './connection.js';
import { CANCEL_CHANNEL, PROTOCOL_VERSION, QUEUE_PREFIX, TEAMS_QUEUE, UNITS_QUEUE } from './names.js';
import type { QueueAddress } from './queue-url.js';
import { installDependencies, installPythonDependencies } from './dep-cache.js';
import { HEARTBEAT_TTL_MS, runIsAlive } from './run-heartbeat.js';
import { checkoutRepo, RepoCheckoutError } from './repo-workspace.js';
import { RemoteModelClients } from './model-gateway.js';
import { runAgentUnit, runModuleUnit, runReleaseUnit, unitUsesModel } from './unit-runner.js';
import { workUnitSchema, type AgentUnitResult, type ModuleUnitResult, type ReleaseUnitResult, type RunPlace, type WorkUnit } from './work-unit.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  address: QueueAddress;
  /** Units run at once (default 1). */
  concurrency?: number;
  /** Directory of repository clones and checkouts. */
  workspace: string;
  /** How long a job's lock lasts without renewal: a dead worker's job is taken over after it (default 30 s). */
  lockDurationMs?: number;
  /** The worker's name in reports (default `host:pid`). */
  name?: string;
  /** Lines for the operator (job started, finished, failed). */
  log?: (line: string) => void;
  /** How often the heartbeats of the running jobs' coordinators are checked (default 2 s). */
  heartbeatCheckMs?: number;
}

/** A running worker. */
export interface RunningWorker {
  readonly name: string;
  /** Cancels the running units and closes the connections. */
  close(): Promise<void>;
}

function describe(unit: WorkUnit): string {
  if (unit.kind === 'agent') return `agent ${unit.agent.id}`;
  if (unit.kind === 'test-module') return `test-coverage module ${unit.work.gap.path}`;
  return `release-prep ${unit.label}`;
}

interface Envelope {
  protocol?: number;
  unit?: unknown;
}

/**
 * Starts a worker on the units and teams queues.
 *
 * @example
 * const worker = await startWorker({ address: parseQueueUrl('redis://127.0.0.1:6379'), workspace: '/var/cache/empathy' });
 * process.once('SIGTERM', () => void worker.close());
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  const log = options.log ?? (() => {});
  const connection = bullmqConnection(options.address);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const runs = new Map<string, string>(); // job id -> run id
  const bubblewrap = await probeBubblewrap();
  const models = new RemoteModelClients(options.address); // one per run, shared by its units
  const checker = new Redis(redisOptions(options.address));
  checker.on('error', () => {}); // the workers report connection trouble
  const goneMessage = (runId: string) =>
    `the coordinator of run ${runId} is gone (no heartbeat for ${Math.round(HEARTBEAT_TTL_MS / 1000)} s)`;

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<AgentUnitResult | ReleaseUnitResult | ModuleUnitResult> => {
    const envelope = job.data as Envelope;
    if (envelope.protocol !== PROTOCOL_VERSION)
      throw new UnrecoverableError(`job ${job.id}: protocol ${String(envelope.protocol)}, this worker speaks ${PROTOCOL_VERSION}`);
    const parsed = workUnitSchema.safeParse(envelope.unit);
    if (!parsed.success) throw new UnrecoverableError(`job ${job.id}: invalid work unit: ${parsed.error.issues[0]?.message ?? 'bad data'}`);
    const unit = parsed.data;
    if (unit.sandbox === 'require' && !bubblewrap.path)
      throw new UnrecoverableError(`worker ${name} cannot contain project code as --sandbox require asks: ${bubblewrap.problem ?? 'no bubblewrap'}`);
    const startedAt = Date.now();
    if (!(await runIsAlive(checker, unit.runId))) throw new UnrecoverableError(`job ${job.id} not run: ${goneMessage(unit.runId)}`);
    runs.set(String(job.id), unit.runId);
    const what = describe(unit);
    log(`job ${job.id} started: ${what}`);
    try {
      let root: string;
      try {
        root = await checkoutRepo(unit.repo, options.workspace, signal);
      } catch (error) {
        if (error instanceof RepoCheckoutError) throw new UnrecoverableError(error.message);
        throw error;
      }
      if ('gitUrl' in unit.repo) {
        for (const install of [installDependencies, installPythonDependencies]) {
          const deps = await install(root, options.workspace, signal);
          if (deps) log(`job ${job.id}: dependencies ${deps.status} (lockfile ${deps.hash.slice(0, 12)})${deps.detail ? `: ${deps.detail}` : ''}`);
        }
      }
      const place: RunPlace = { worker: name, startedAt, enqueuedAt: job.timestamp, root };
      const remote = unitUsesModel(unit) ? models.acquire(unit.runId) : undefined;
      let answer: AgentUnitResult | ModuleUnitResult | ReleaseUnitResult;
      try {
        answer =
          unit.kind === 'agent'
            ? { ...place, result: await runAgentUnit(unit, root, remote, signal) }
            : unit.kind === 'test-module'
              ? { ...place, outcome: await runModuleUnit(unit, root, signal ?? new AbortController().signal, remote) }
              : { ...place, ...(await runReleaseUnit(unit, root, signal)) };
      } finally {
        if (remote) models.release(unit.runId);
      }
      if (signal?.aborted) throw new UnrecoverableError(`job ${job.id} was cancelled: ${errorMessage(signal.reason ?? 'by the coordinator')}`);
      log(`job ${job.id} done: ${what}`);
      return answer;
    } catch (error) {
      log(`job ${job.id} failed: ${what}: ${errorMessage(error)}`);
      throw error instanceof UnrecoverableError ? error : new UnrecoverableError(errorMessage(error));
    } finally {
      runs.delete(String(job.id));
    }
  };

  // A job whose lock expired (its worker died, or its event loop was blocked past the lock) goes
  // back to the queue; up to 3 times, since running a unit again gives the same result.
  const common = {
    connection,
    prefix: QUEUE_PREFIX,
    name,
    lockDuration,
    stalledInterval: Math.max(500, Math.round(lockDuration / 2)),
    maxStalledCount: 3,
  };
  const units = new Worker(UNITS_QUEUE, processor, { ...common, concurrency: options.concurrency ?? 1 });
  const teams = new Worker(TEAMS_QUEUE, async (job: Job) => job.getChildrenValues(), { ...common, concurrency: 8 });
  for (const w of [units, teams]) w.on('error', (error) => log(`queue error: ${errorMessage(error)}`));
  const subscriber = new Redis(redisOptions(options.address));
  subscriber.on('error', () => {}); // the workers report connection trouble
  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on('message', (_channel, runId: string) => {
    for (const [jobId, run] of runs) {
      if (run === runId && units.cancelJob(jobId, 'cancelled by the coordinator')) log(`job ${jobId} cancelled`);
    }
  });
  // A coordinator that died cannot cancel its run: its jobs are cancelled when its heartbeat ends.
  let checking = false;
  const heartbeats = setInterval(() => {
    if (checking || runs.size === 0) return;
    checking = true;
    void (async () => {
      for (const runId of new Set(runs.values())) {
        if (await runIsAlive(checker, runId)) continue;
        void models.drop(runId, true);
        for (const [jobId, run] of runs) {
          if (run !== runId) continue;
          runs.delete(jobId); // cancelled once
          if (units.cancelJob(jobId, goneMessage(runId))) log(`job ${jobId} cancelled: ${goneMessage(runId)}`);
        }
      }
    })()
      .catch(() => {}) // a lost server: the workers report it
      .finally(() => {
        checking = false;
      });
  }, options.heartbeatCheckMs ?? 2000);
  heartbeats.unref();
  await Promise.all([units.waitUntilReady(), teams.waitUntilReady()]);
  return {
    name,
    async close() {
      clearInterval(heartbeats);
      units.cancelAllJobs('the worker is stopping');
      subscriber.disconnect();
      checker.disconnect();
      await models.closeAll();
      await Promise.all([units.close(), teams.close()]);
    },
  };
}
