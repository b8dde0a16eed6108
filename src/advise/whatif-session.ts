/**
 * One HypoPG what-if session on a production database: read-only, with a
 * statement timeout, EXPLAIN without ANALYZE, hypothetical indexes only (never
 * CREATE INDEX), and `hypopg_reset()` before it closes.
 *
 * Statements with `$n` are planned as generic plans (PostgreSQL 16+:
 * `EXPLAIN (GENERIC_PLAN)`; before that PREPARE with
 * `plan_cache_mode = force_generic_plan`, then EXPLAIN EXECUTE), which is
 * what a parameterised statement runs with once its plan is cached. Where a
 * generic plan cannot show the index (LIKE with a parameter pattern), the
 * parameter values the log recorded are used with a custom plan.
 */
import pg from 'pg';
import { ConnectionError } from '../errors.js';
import type { QueryStats } from '../analyze/types.js';
import type { Plan } from '../plan/types.js';
import { buildPlan } from '../plan/build.js';
import type { Candidate } from './candidate.js';
import { hypotheticalIndexSql } from './ddl.js';

export interface PlanCost {
  readonly cost: number;
  readonly plan: Plan;
}

/** HypoPG hands out a bounded number of fake index OIDs per backend; reset well before its ~2,500 limit. */
const MAX_HYPOTHETICAL_PER_BATCH = 2_000;

function literal(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`;
}

/** A SELECT that only reads: no locking clause, no functions known to write. */
export function isPlainSelect(sql: string): boolean {
  if (!/^\s*SELECT\b/i.test(sql)) return false;
  return !/\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b|\b(nextval|setval|pg_advisory\w*|dblink\w*|lo_\w+)\s*\(/i.test(sql);
}

/** Highest `$n` in a normalized statement. */
export function parameterCount(sql: string): number {
  let max = 0;
  for (const match of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(match[1]));
  return max;
}

/** Removes the password from a connection string before it goes into a message. */
export function redactConnectionString(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

export class WhatIfSession {
  readonly #client: pg.Client;
  #statement = 0;
  #mode = '';
  /** PostgreSQL 16+ plans `$n` statements directly with EXPLAIN (GENERIC_PLAN). */
  #explainGeneric = false;
  #created = 0;
  /** Hypothetical indexes that must exist in every batch (the chosen set). */
  readonly #kept = new Map<Candidate, { name: string; oid: number }>();
  /** Schema-qualified prefix of HypoPG's functions: its schema need not be on the search path. */
  #hypopg = '';

  private constructor(client: pg.Client) {
    this.#client = client;
  }

  /** Connects and makes the session safe. Throws `ConnectionError` (password redacted) when it cannot. */
  static async open(connectionString: string, statementTimeoutMillis: number): Promise<WhatIfSession> {
    const client = new pg.Client({ connectionString, application_name: 'pgopt-advisor' });
    let version = 0;
    try {
      await client.connect();
      await client.query('SET default_transaction_read_only = on');
      await client.query(`SET statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMillis))}`);
      version = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? 0);
    } catch (error) {
      await client.end().catch(() => {});
      throw new ConnectionError(
        `could not open an advisor session on ${redactConnectionString(connectionString)}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const session = new WhatIfSession(client);
    session.#explainGeneric = version >= 160_000;
    return session;
  }

  /** The client, for catalog reads. */
  get client(): pg.Client {
    return this.#client;
  }

  async hasHypopg(): Promise<boolean> {
    const result = await this.#client.query<{ schema: string }>(
      "SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg'",
    );
    const schema = result.rows[0]?.schema;
    if (schema === undefined) return false;
    this.#hypopg = `${schema}.`;
    return true;
  }

  /** Estimated total cost of the statement with the hypothetical indexes that exist now. */
  async cost(query: QueryStats, useExample: boolean): Promise<PlanCost | { error: string }> {
    // An application that sends literals gets a custom plan for every call: plan the logged example as it is.
    if (query.example !== undefined && !/\$\d/.test(query.example) && parameterCount(query.query) > 0) {
      return this.#explain(`EXPLAIN (FORMAT JSON) ${query.example.trim().replace(/;\s*$/, '')}`);
    }
    const name = `pgopt_whatif_${++this.#statement}`;
    const count = parameterCount(query.query);
    const example = query.exampleParams;
    const custom = useExample && example !== undefined && example.length >= count;
    const args = count === 0 ? '' : `(${Array.from({ length: count }, (_, i) => (custom ? literal(example[i] ?? null) : 'NULL')).join(', ')})`;
    const mode = custom ? 'force_custom_plan' : 'force_generic_plan';
    const body = query.query.trim().replace(/;\s*$/, '');
    if (!custom && count > 0 && this.#explainGeneric) {
      const direct = await this.#explain(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${body}`);
      if ('cost' in direct) return direct;
    }
    try {
      if (this.#mode !== mode) {
        await this.#client.query(`SET plan_cache_mode = ${mode}`);
        this.#mode = mode;
      }
      await this.#client.query(`PREPARE ${name} AS ${body}`);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    try {
      return await this.#explain(`EXPLAIN (FORMAT JSON) EXECUTE ${name}${args}`);
    } finally {
      await this.#client.query(`DEALLOCATE ${name}`).catch(() => {});
    }
  }

  async #explain(sql: string): Promise<PlanCost | { error: string }> {
    try {
      const result = await this.#client.query<{ 'QUERY PLAN': unknown }>(sql);
      const data = result.rows[0]?.['QUERY PLAN'];
      const plan = buildPlan(typeof data === 'string' ? JSON.parse(data) : data);
      const cost = plan.root.props['Total Cost'];
      return { cost: typeof cost === 'number' ? cost : 0, plan };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * EXPLAIN ANALYZE of a plain SELECT with the values the log recorded, for
   * real row counts. ANALYZE executes the statement, so it is refused for
   * anything but a plain SELECT (no locking clause, no data-modifying CTE) and
   * runs in the session's read-only transaction mode.
   */
  async analyzed(query: QueryStats): Promise<PlanCost | { error: string }> {
    if (!isPlainSelect(query.query)) return { error: 'EXPLAIN ANALYZE is only run for plain SELECTs' };
    const example = query.example;
    if (example !== undefined && !/\$\d/.test(example)) {
      return this.#explain(`EXPLAIN (ANALYZE, FORMAT JSON) ${example.trim().replace(/;\s*$/, '')}`);
    }
    const params = query.exampleParams;
    const count = parameterCount(query.query);
    if (count > 0 && (params === undefined || params.length < count)) return { error: 'no logged parameter values to run it with' };
    const name = `pgopt_whatif_${++this.#statement}`;
    try {
      await this.#client.query(`PREPARE ${name} AS ${query.query.trim().replace(/;\s*$/, '')}`);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    try {
      const args = count === 0 ? '' : `(${params!.slice(0, count).map(literal).join(', ')})`;
      return await this.#explain(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ${name}${args}`);
    } finally {
      await this.#client.query(`DEALLOCATE ${name}`).catch(() => {});
    }
  }

  /** Creates a hypothetical index; returns the name plans will show for it and its OID. */
  async create(candidate: Candidate): Promise<{ name: string; oid: number }> {
    if (this.#created >= MAX_HYPOTHETICAL_PER_BATCH) await this.#newBatch();
    this.#created++;
    return this.#createRaw(candidate);
  }

  async #createRaw(candidate: Candidate): Promise<{ name: string; oid: number }> {
    const result = await this.#client.query<{ indexname: string; indexrelid: number }>(
      `SELECT indexname, indexrelid::int8 AS indexrelid FROM ${this.#hypopg}hypopg_create_index($1)`,
      [hypotheticalIndexSql(candidate)],
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error('hypopg_create_index returned no index');
    return { name: row.indexname, oid: Number(row.indexrelid) };
  }

  async drop(index: { oid: number }): Promise<void> {
    await this.#client.query(`SELECT ${this.#hypopg}hypopg_drop_index($1)`, [index.oid]);
  }

  /** Creates a hypothetical index that survives batch resets (a chosen suggestion). */
  async keep(candidate: Candidate): Promise<void> {
    this.#kept.set(candidate, await this.create(candidate));
  }

  async unkeep(candidate: Candidate): Promise<void> {
    const index = this.#kept.get(candidate);
    if (index === undefined) return;
    this.#kept.delete(candidate);
    await this.drop(index);
  }

  /** Name plans show for a kept index in the current batch. */
  keptName(candidate: Candidate): string | undefined {
    return this.#kept.get(candidate)?.name;
  }

  async #newBatch(): Promise<void> {
    await this.#client.query(`SELECT ${this.#hypopg}hypopg_reset()`);
    this.#created = 0;
    for (const candidate of [...this.#kept.keys()]) {
      this.#created++;
      this.#kept.set(candidate, await this.#createRaw(candidate));
    }
  }

  /** Resets HypoPG state (when installed) and disconnects. Never throws. */
  async close(hypopg: boolean): Promise<void> {
    if (hypopg) await this.#client.query(`SELECT ${this.#hypopg}hypopg_reset()`).catch(() => {});
    await this.#client.end().catch(() => {});
  }
}
