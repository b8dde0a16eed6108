/**
 * How big should each process's pool be? Measures the server (cores, round-trip
 * and statement latency, connection limits) and applies HikariCP's "About Pool
 * Sizing": a server keeps about `cores x 2 + effective spindles` connections
 * busy; more only queue inside PostgreSQL. Time a connection spends waiting on
 * the network instead of the server is added back, the total is split across
 * processes, and each process gets at least the deadlock floor
 * `Tn x (Cm - 1) + 1` (Tn tasks that may each hold Cm connections at once).
 */
import os from 'node:os';
import pg from 'pg';
import { ConnectionError, UsageError } from '../errors.js';

/** What the recommendation is computed from; {@link measurePoolSizeInputs} fills the measured part. */
export interface PoolSizeInputs {
  /** Application processes (or containers) that each run one pool. */
  readonly processes: number;
  /** Concurrent tasks per process that can each hold connections (Tn). Default 1. */
  readonly tasksPerProcess?: number;
  /** Connections one task may hold at the same time (Cm). Default 1. */
  readonly connectionsPerTask?: number;
  readonly serverCores: number;
  /** Where `serverCores` came from, for the reasoning. */
  readonly serverCoresSource: string;
  /** Effective spindles: 0 when the working set is cached, about 1 for SSD. Default 1. */
  readonly effectiveSpindles?: number;
  /** Median `select 1` round trip, in milliseconds. */
  readonly roundTripMillis: number;
  /** Mean server time of a statement, in milliseconds (pg_stat_statements), if known. */
  readonly statementMillis: number | undefined;
  readonly statementMillisSource: string;
  readonly maxConnections: number;
  readonly reservedConnections: number;
  /** Backends of other clients connected when measured. */
  readonly otherConnections: number;
}

/** A recommended `max` per process, with the steps that led to it. */
export interface PoolSizeRecommendation {
  readonly maxPerProcess: number;
  readonly totalConnections: number;
  /** The connections that keep the server busy (HikariCP), before the network adjustment. */
  readonly serverBusyConnections: number;
  readonly deadlockFloor: number;
  /** True when processes x maxPerProcess does not fit under max_connections. */
  readonly exceedsServerLimit: boolean;
  /** One line per step, in order. */
  readonly reasoning: readonly string[];
}

/** Pure: the recommendation for given inputs (no I/O). */
export function computePoolSize(inputs: PoolSizeInputs): PoolSizeRecommendation {
  const processes = atLeastOne(inputs.processes, 'processes');
  const tasks = atLeastOne(inputs.tasksPerProcess ?? 1, 'tasksPerProcess');
  const perTask = atLeastOne(inputs.connectionsPerTask ?? 1, 'connectionsPerTask');
  const spindles = inputs.effectiveSpindles ?? 1;
  const reasoning: string[] = [];

  const serverBusy = inputs.serverCores * 2 + spindles;
  reasoning.push(
    `Server cores: ${inputs.serverCores} (${inputs.serverCoresSource}). HikariCP's starting point: cores x 2 + effective spindles = ${inputs.serverCores} x 2 + ${spindles} = ${serverBusy} connections keep PostgreSQL busy; more only queue inside it.`,
  );

  // While a connection waits for the network it does not occupy a core: add that share back.
  let total = serverBusy;
  const statement = inputs.statementMillis;
  if (statement !== undefined && statement > 0) {
    const busyShare = statement / (statement + inputs.roundTripMillis);
    const adjusted = Math.min(serverBusy * 4, Math.ceil(serverBusy / busyShare));
    reasoning.push(
      `Round trip ${fmt(inputs.roundTripMillis)} ms, mean statement ${fmt(statement)} ms (${inputs.statementMillisSource}): a connection keeps the server busy ${Math.round(busyShare * 100)}% of the time, so ${serverBusy} / ${fmt(busyShare)} = ${adjusted} connections in total${adjusted === serverBusy * 4 ? ' (capped at 4x)' : ''}.`,
    );
    total = adjusted;
  } else {
    reasoning.push(
      `Round trip ${fmt(inputs.roundTripMillis)} ms; statement time unknown (${inputs.statementMillisSource}), so no network adjustment: ${total} connections in total.`,
    );
  }

  const share = Math.ceil(total / processes);
  reasoning.push(`Split across ${processes} process${processes === 1 ? '' : 'es'}: ceil(${total} / ${processes}) = ${share} per process.`);

  const floor = tasks * (perTask - 1) + 1;
  let perProcess = share;
  if (floor > share) {
    perProcess = floor;
    reasoning.push(
      `Deadlock floor Tn x (Cm - 1) + 1 = ${tasks} x (${perTask} - 1) + 1 = ${floor} is higher: use ${floor}, or a pool that never makes one task hold ${perTask} connections at once.`,
    );
  } else {
    reasoning.push(`Deadlock floor Tn x (Cm - 1) + 1 = ${tasks} x (${perTask} - 1) + 1 = ${floor}: satisfied.`);
  }

  const available = inputs.maxConnections - inputs.reservedConnections - inputs.otherConnections;
  const needed = perProcess * processes;
  const exceeds = needed > available;
  reasoning.push(
    `Server limit: max_connections ${inputs.maxConnections} - ${inputs.reservedConnections} reserved - ${inputs.otherConnections} other connections now = ${available} available; ${processes} x ${perProcess} = ${needed} ${exceeds ? 'does NOT fit: use fewer processes, a smaller max, or pgbouncer in transaction mode' : 'fits'}.`,
  );

  return { maxPerProcess: perProcess, totalConnections: needed, serverBusyConnections: serverBusy, deadlockFloor: floor, exceedsServerLimit: exceeds, reasoning };
}

/** Options of {@link measurePoolSizeInputs}. */
export interface MeasureOptions {
  readonly connectionString: string;
  /** Overrides the core count measurement (needed when the server's /proc is not readable and it is remote). */
  readonly serverCores?: number;
  /** `select 1` round trips to time. Default 50. */
  readonly samples?: number;
}

/** Connects once and measures what {@link computePoolSize} needs (except processes and tasks). */
export async function measurePoolSizeInputs(options: MeasureOptions): Promise<Omit<PoolSizeInputs, 'processes' | 'tasksPerProcess' | 'connectionsPerTask' | 'effectiveSpindles'>> {
  const client = new pg.Client({ connectionString: options.connectionString, application_name: 'pgopt pool-size', connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ConnectionError(`could not connect to ${redact(options.connectionString)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const roundTrips: number[] = [];
    for (let i = 0; i < (options.samples ?? 50); i++) {
      const started = performance.now();
      await client.query('select 1');
      roundTrips.push(performance.now() - started);
    }
    roundTrips.sort((a, b) => a - b);
    const roundTripMillis = roundTrips[Math.floor(roundTrips.length / 2)] ?? 0;

    const settings = await client.query<{ max: number; reserved: number; others: number }>(
      `select current_setting('max_connections')::int as max,
              current_setting('superuser_reserved_connections')::int as reserved,
              (select count(*)::int from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()) as others`,
    );
    const row = settings.rows[0];
    const cores = await serverCores(client, options);
    const statement = await meanStatementMillis(client);
    return {
      serverCores: cores.value,
      serverCoresSource: cores.source,
      roundTripMillis,
      statementMillis: statement.value,
      statementMillisSource: statement.source,
      maxConnections: row?.max ?? 100,
      reservedConnections: row?.reserved ?? 3,
      otherConnections: row?.others ?? 0,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Measures the server and recommends `max` per process.
 *
 * @example
 * const { maxPerProcess, reasoning } = await recommendPoolSize({ connectionString: process.env.DATABASE_URL, processes: 4 });
 */
export async function recommendPoolSize(
  options: MeasureOptions & Pick<PoolSizeInputs, 'processes' | 'tasksPerProcess' | 'connectionsPerTask' | 'effectiveSpindles'>,
): Promise<PoolSizeRecommendation> {
  const measured = await measurePoolSizeInputs(options);
  return computePoolSize({
    ...measured,
    processes: options.processes,
    ...(options.tasksPerProcess === undefined ? {} : { tasksPerProcess: options.tasksPerProcess }),
    ...(options.connectionsPerTask === undefined ? {} : { connectionsPerTask: options.connectionsPerTask }),
    ...(options.effectiveSpindles === undefined ? {} : { effectiveSpindles: options.effectiveSpindles }),
  });
}

async function serverCores(client: pg.Client, options: MeasureOptions): Promise<{ value: number; source: string }> {
  if (options.serverCores !== undefined) return { value: atLeastOne(options.serverCores, 'serverCores'), source: 'given' };
  try {
    // Needs superuser or pg_read_server_files; many managed services refuse it.
    const { rows } = await client.query<{ text: string }>(`select pg_read_file('/proc/cpuinfo') as text`);
    const count = (rows[0]?.text.match(/^processor\s*:/gm) ?? []).length;
    if (count > 0) return { value: count, source: "the server's /proc/cpuinfo" };
  } catch {
    // fall through to the next source
  }
  const host = new URL(options.connectionString).hostname;
  if (host === '' || host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]') {
    return { value: os.availableParallelism(), source: 'this machine (the server is local)' };
  }
  throw new UsageError("could not measure the server's cores (no access to /proc/cpuinfo on a remote server)", {
    hint: 'pass --server-cores <n> (the vCPUs of the database instance)',
  });
}

async function meanStatementMillis(client: pg.Client): Promise<{ value: number | undefined; source: string }> {
  try {
    const { rows } = await client.query<{ mean: number | null; calls: string | null }>(
      `select sum(total_exec_time) / nullif(sum(calls), 0) as mean, sum(calls)::text as calls from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`,
    );
    const mean = rows[0]?.mean;
    if (mean !== null && mean !== undefined) return { value: Number(mean), source: `pg_stat_statements, ${rows[0]?.calls ?? 0} calls` };
    return { value: undefined, source: 'pg_stat_statements has no calls yet' };
  } catch {
    return { value: undefined, source: 'pg_stat_statements is not installed' };
  }
}

function atLeastOne(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function fmt(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the database';
  }
}
