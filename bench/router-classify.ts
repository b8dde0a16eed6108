/**
 * Classification speed: distinct statements never seen before (each one parsed
 * by libpg-query and walked), then the same texts again from the router's cache.
 *
 *   node --import tsx bench/router-classify.ts [--statements 20000]
 */
import { parseArgs } from 'node:util';
import { classifyStatement } from '../src/sql/classify-statement.js';
import { StatementClassifier } from '../src/sql/classify-cache.js';

const { values } = parseArgs({ options: { statements: { type: 'string', default: '20000' } } });
const count = Number(values.statements);

// Realistic shapes, each made distinct by table, column and literal so no cache can help.
const shapes: readonly ((i: number) => string)[] = [
  (i) => `select id, email, created_at from users_${i} where id = $1`,
  (i) => `select u.id, count(o.id) from users u join orders_${i} o on o.user_id = u.id where u.created_at > now() - interval '${i} days' group by u.id order by 2 desc limit 20`,
  (i) => `insert into events_${i} (kind, payload) values ($1, $2) returning id`,
  (i) => `update accounts set balance = balance - ${i} where id = $1 and balance >= ${i}`,
  (i) => `with recent as (select * from posts where author_id = ${i} order by id desc limit 10) select r.*, c.body from recent r left join comments c on c.post_id = r.id`,
  (i) => `select * from jobs_${i} where state = 'ready' order by priority for update skip locked limit 1`,
  (i) => `select coalesce(sum(amount), 0), date_trunc('day', paid_at) from payments_${i} where paid_at between $1 and $2 group by 2`,
  (i) => `delete from sessions where expires_at < now() - interval '${i} seconds'`,
];
const texts = Array.from({ length: count }, (_, i) => (shapes[i % shapes.length] as (i: number) => string)(i));

let reads = 0;
let started = performance.now();
for (const text of texts) if (classifyStatement(text).kind === 'read') reads++;
const uncachedMillis = performance.now() - started;

const classifier = new StatementClassifier({ maxCacheEntries: count });
for (const text of texts) classifier.classify(text);
started = performance.now();
const repeats = 5;
for (let r = 0; r < repeats; r++) for (const text of texts) classifier.classify(text);
const cachedMillis = performance.now() - started;

console.log(
  `uncached: ${count} distinct statements in ${uncachedMillis.toFixed(0)} ms = ${((uncachedMillis * 1000) / count).toFixed(1)} µs/statement, ` +
    `${Math.round(count / (uncachedMillis / 1000))} statements/s (${reads} reads)`,
);
console.log(
  `cached: ${count * repeats} lookups in ${cachedMillis.toFixed(0)} ms = ${((cachedMillis * 1e6) / (count * repeats)).toFixed(0)} ns/lookup`,
);
