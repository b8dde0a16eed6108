/**
 * Pool chaos: 50 callers on a pool of 10 through a TCP proxy while a second
 * connection terminates random pool backends every 20-60 ms and the proxy
 * drops every connection every 1.5 s; then the server "goes away" (the proxy
 * refuses and drops) for 2 s and comes back.
 *
 *   node --import tsx bench/pool-chaos.ts          # PGOPT_BENCH_CHAOS_MILLIS=10000 by default
 *
 * Both pools wait up to 10 s for a connection (pgopt's default acquire timeout;
 * pg.Pool's connectionTimeoutMillis set to match), so callers ride out the
 * outage instead of failing. Reports queries attempted/succeeded/failed
 * (failures split into "on a killed connection", timeouts, anything else),
 * unhandled errors, leaked connections and the time to the first success after
 * the server returns, for pgopt's pool and, for contrast, pg.Pool.
 */
import pg from 'pg';
import { benchDatabaseUrl, benchRowCount, benchTable, prepareBenchTable } from './pool-bench-table.js';
import { createPool, type Pool } from '../src/pool/index.js';
import { startTcpProxy } from '../test/helpers/tcp-proxy.js';

const url = benchDatabaseUrl;
const chaosMillis = Number(process.env['PGOPT_BENCH_CHAOS_MILLIS'] ?? 10_000);
const outageMillis = 2_000;
const callers = 50;
const table = benchTable;
const rowCount = benchRowCount;

let unhandled = 0;
process.on('unhandledRejection', () => unhandled++);
process.on('uncaughtException', () => unhandled++);

interface Contender {
  readonly name: string;
  query(text: string, values: unknown[]): Promise<unknown>;
  borrowed(): number;
  total(): number;
  /** Connections that left the pool (killed, dropped, or found broken). */
  removed(): number;
  end(): Promise<void>;
}

interface Report {
  attempted: number;
  succeeded: number;
  failedKilled: number;
  failedTimeout: number;
  failedOther: number;
  otherSamples: Set<string>;
  kills: number;
  drops: number;
  removed: number;
  maxTotal: number;
  recoverMillis: number | undefined;
  leaked: number;
  backendsAfterEnd: number;
  unhandled: number;
}

async function prepare(): Promise<void> {
  await prepareBenchTable(url);
}

function progress(message: string): void {
  if (process.env['PGOPT_BENCH_VERBOSE'] === '1') process.stderr.write(`${message}\n`);
}

function isKilledConnection(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === '57P01' ||
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    /Connection terminated|terminating connection|ECONNRESET|Client has encountered a connection error|not queryable|EPIPE/.test(e.message ?? '')
  );
}

function isAcquireTimeout(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === 'PGOPT_ACQUIRE_TIMEOUT' || /timeout exceeded when trying to connect|ECONNREFUSED|timeout expired/.test(e.message ?? '');
}

async function runChaos(name: string, make: (proxyUrl: string, appName: string) => Contender): Promise<Report> {
  const proxy = await startTcpProxy({ targetUrl: url });
  const appName = `pool_chaos_${name.replace(/\W/g, '')}_${process.pid}`;
  const contender = make(proxy.url, appName);
  const admin = new pg.Client({ connectionString: url, application_name: 'pool_chaos_admin' });
  await admin.connect();
  const unhandledBefore = unhandled;
  const report: Report = {
    attempted: 0,
    succeeded: 0,
    failedKilled: 0,
    failedTimeout: 0,
    failedOther: 0,
    otherSamples: new Set(),
    kills: 0,
    drops: 0,
    removed: 0,
    maxTotal: 0,
    recoverMillis: undefined,
    leaked: 0,
    backendsAfterEnd: 0,
    unhandled: 0,
  };
  let phase: 'chaos' | 'outage' | 'recovery' | 'done' = 'chaos';
  let serverBackAt = 0;

  const callerLoops = Array.from({ length: callers }, async () => {
    while (phase !== 'done') {
      report.attempted++;
      try {
        await contender.query(`select val from ${table} where id = $1`, [1 + Math.floor(Math.random() * rowCount)]);
        report.succeeded++;
        if (phase === 'recovery' && report.recoverMillis === undefined) report.recoverMillis = Date.now() - serverBackAt;
      } catch (error) {
        // Timeouts first: their message quotes the last connect error, which may mention a killed connection.
        if (isAcquireTimeout(error)) report.failedTimeout++;
        else if (isKilledConnection(error)) report.failedKilled++;
        else {
          report.failedOther++;
          report.otherSamples.add(String((error as Error).message).slice(0, 120));
        }
        // A caller that failed fast must not spin: real callers would back off too.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      report.maxTotal = Math.max(report.maxTotal, contender.total());
    }
  });

  const killer = (async () => {
    while (phase === 'chaos') {
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 40));
      if (phase !== 'chaos') break;
      const { rows } = await admin.query<{ done: boolean }>(
        `select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = $1 order by random() limit 1`,
        [appName],
      );
      if (rows[0]?.done === true) report.kills++;
    }
  })();
  const dropper = setInterval(() => {
    report.drops += proxy.openConnections;
    proxy.dropAll();
  }, 1_500);

  await new Promise((resolve) => setTimeout(resolve, chaosMillis));
  phase = 'outage';
  progress(`${name}: outage (${report.attempted} attempted so far)`);
  clearInterval(dropper);
  await killer;
  const attemptedBeforeOutage = report.attempted;
  const failedBeforeOutage = report.failedKilled + report.failedTimeout + report.failedOther;
  await proxy.refuse();
  report.drops += proxy.openConnections;
  proxy.dropAll();
  await new Promise((resolve) => setTimeout(resolve, outageMillis));
  serverBackAt = Date.now();
  phase = 'recovery';
  progress(`${name}: server back`);
  await proxy.accept();
  const recoveryDeadline = Date.now() + 15_000;
  while (report.recoverMillis === undefined && Date.now() < recoveryDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  phase = 'done';
  progress(`${name}: stopping callers`);
  await Promise.all(callerLoops);
  progress(`${name}: ending the pool`);
  report.leaked = contender.borrowed();
  report.removed = contender.removed();
  await contender.end();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where application_name = $1', [appName]);
  report.backendsAfterEnd = rows[0]?.n ?? -1;
  await admin.end();
  await proxy.close();
  report.unhandled = unhandled - unhandledBefore;
  process.stderr.write(
    `${name}: chaos phase ${attemptedBeforeOutage} attempted, ${failedBeforeOutage} failed\n`,
  );
  return report;
}

function pgoptContender(maxConcurrentCreates: number): (proxyUrl: string, appName: string) => Contender {
  return (proxyUrl, appName) => {
    const pool: Pool = createPool({
      connectionString: proxyUrl,
      applicationName: appName,
      max: 10,
      maxConcurrentCreates,
      detectNestedAcquire: false,
    });
    return {
      name: 'pgopt',
      query: (text, values) => pool.query(text, values),
      borrowed: () => pool.stats().borrowed,
      total: () => pool.stats().total,
      removed: () => pool.stats().destroyed,
      end: () => pool.end(),
    };
  };
}

function pgPoolContender(proxyUrl: string, appName: string): Contender {
  const pool = new pg.Pool({ connectionString: proxyUrl, application_name: appName, max: 10, connectionTimeoutMillis: 10_000 });
  // Without this listener an idle client's error would crash the process.
  pool.on('error', () => undefined);
  let removed = 0;
  pool.on('remove', () => removed++);
  return {
    removed: () => removed,
    name: 'pg.Pool',
    query: (text, values) => pool.query(text, values),
    borrowed: () => pool.totalCount - pool.idleCount,
    total: () => pool.totalCount,
    end: () => pool.end(),
  };
}

await prepare();
const results: Array<[string, Report]> = [];
results.push(['pgopt (maxConcurrentCreates 2, default)', await runChaos('pgopt', pgoptContender(2))]);
results.push(['pgopt (maxConcurrentCreates 10)', await runChaos('pgopt10', pgoptContender(10))]);
results.push(['pg.Pool', await runChaos('pg.Pool', pgPoolContender)]);

const lines = [
  `${callers} callers, max 10, ${chaosMillis} ms of chaos (a backend terminated every 20-60 ms, all connections dropped every 1.5 s), then ${outageMillis} ms of outage`,
  '',
  '| pool | attempted | succeeded | failed: on a killed connection | failed: acquire/connect timeout | failed: other | backends killed | connections dropped | connections lost (removed) | max total | unhandled errors | leaked | backends after end | first success after server returns |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const [name, r] of results) {
  lines.push(
    `| ${name} | ${r.attempted} | ${r.succeeded} | ${r.failedKilled} | ${r.failedTimeout} | ${r.failedOther} | ${r.kills} | ${r.drops} | ${r.removed} | ${r.maxTotal} | ${r.unhandled} | ${r.leaked} | ${r.backendsAfterEnd} | ${r.recoverMillis === undefined ? 'none in 15 s' : `${r.recoverMillis} ms`} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
for (const [name, r] of results) {
  if (r.otherSamples.size > 0) process.stdout.write(`${name} other failures: ${[...r.otherSamples].join(' | ')}\n`);
}
