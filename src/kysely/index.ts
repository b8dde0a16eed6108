/**
 * `pgopt/kysely`: the Kysely dialect over pgopt's pool (or router).
 *
 * @example
 * import { PgoptDialect } from 'pgopt/kysely';
 * const db = new Kysely<DB>({ dialect: new PgoptDialect({ pool }) });
 */
export { PgoptDialect } from './pgopt-dialect.js';
export type { PgoptDialectConfig } from './pgopt-dialect.js';
export { PgoptDriver, releasePgoptConnection } from './pgopt-driver.js';
export type { ClientLender } from './pgopt-driver.js';
export { PgoptConnection } from './pgopt-connection.js';
export type { DialectClient } from './pgopt-connection.js';
