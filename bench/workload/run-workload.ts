/**
 * A realistic shop workload for generating slow-query logs: a schema with
 * only primary keys, then a mix of query shapes run through node-postgres
 * (simple protocol with literals and extended protocol with parameters).
 *
 *   node --import tsx bench/workload/run-workload.ts --url <url> --statements 20000 [--clients 4] [--scale 1] [--setup]
 */
import pg from 'pg';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    statements: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '4' },
    scale: { type: 'string', default: '1' },
    setup: { type: 'boolean', default: false },
  },
});
if (!values.url) throw new Error('--url is required');
const scale = Number(values.scale);
const customers = 20_000 * scale;
const products = 2_000 * scale;
const orders = 200_000 * scale;

async function setup(client: pg.Client): Promise<void> {
  await client.query(`
    drop schema if exists shop cascade;
    create schema shop;
    create table shop.customers (id bigint primary key, email text not null, name text not null, country text not null, created_at timestamptz not null);
    create table shop.products (id int primary key, sku text not null, title text not null, price numeric(10,2) not null, category text not null);
    create table shop.orders (id bigint primary key, customer_id bigint not null, status text not null, total numeric(12,2) not null, created_at timestamptz not null, shipped_at timestamptz);
    create table shop.order_items (order_id bigint not null, line int not null, product_id int not null, quantity int not null, primary key (order_id, line));
    create table shop.events (id bigserial primary key, kind text not null, payload jsonb not null, created_at timestamptz not null default now());
    create table shop.settings (key text primary key, value text not null);
  `);
  await client.query(`insert into shop.customers select i, 'user' || i || '@example.com', 'Customer ' || i, (array['DE','FR','US','GB','NL'])[1 + i % 5], now() - (i || ' minutes')::interval from generate_series(1, ${customers}) i`);
  await client.query(`insert into shop.products select i, 'SKU-' || i, 'Product ' || i, (i % 500) + 0.99, (array['books','games','tools','garden'])[1 + i % 4] from generate_series(1, ${products}) i`);
  await client.query(`insert into shop.orders select i, 1 + (i * 7919) % ${customers}, case when i % 50 = 0 then 'pending' when i % 7 = 0 then 'shipped' else 'delivered' end, (i % 1000) + 0.5, now() - ((i % 100000) || ' minutes')::interval, case when i % 7 = 0 then now() end from generate_series(1, ${orders}) i`);
  await client.query(`insert into shop.order_items select o, l, 1 + (o * l) % ${products}, 1 + (o + l) % 3 from generate_series(1, ${orders / 2}) o, generate_series(1, 3) l`);
  await client.query(`insert into shop.events (kind, payload, created_at) select (array['click','view','buy'])[1 + i % 3], jsonb_build_object('customer', 1 + i % ${customers}, 'page', 'p' || (i % 100)), now() - (i || ' seconds')::interval from generate_series(1, ${orders / 4}) i`);
  await client.query(`insert into shop.settings values ('currency', 'EUR'), ('vat', '19')`);
  await client.query('analyze');
}

type Shape = (client: pg.Client, n: number) => Promise<unknown>;
const pick = (n: number, modulo: number): number => 1 + ((n * 2654435761) >>> 0) % modulo;

/** Weighted query mix: [weight, shape]. */
const shapes: [number, Shape][] = [
  [20, (c, n) => c.query('select * from shop.customers where id = $1', [pick(n, customers)])],
  [10, (c, n) => c.query(`select id, status, total from shop.orders where customer_id = ${pick(n, customers)} order by created_at desc limit 10`)],
  [8, (c, n) => c.query('select * from shop.customers where lower(email) = lower($1)', [`user${pick(n, customers)}@example.com`])],
  [6, (c) => c.query(`select id, customer_id, created_at from shop.orders where status = 'pending' order by created_at limit 50`)],
  [6, (c, n) => c.query('select p.title, i.quantity from shop.order_items i join shop.products p on p.id = i.product_id where i.order_id = $1', [pick(n, orders / 2)])],
  [4, (c, n) => c.query(`select o.id, sum(i.quantity) from shop.orders o join shop.order_items i on i.order_id = o.id where o.customer_id = ${pick(n, customers)} group by o.id`)],
  [3, (c, n) => c.query('select count(*) from shop.events where payload @> $1::jsonb', [JSON.stringify({ customer: pick(n, customers) })])],
  [3, (c) => c.query(`select category, count(*), avg(price) from shop.products group by category order by 2 desc`)],
  [2, (c, n) => c.query(`select id, total from shop.orders order by created_at desc offset ${10_000 + (n % 5_000)} limit 20`)],
  [2, (c) => c.query(`select customer_id, count(*) from shop.orders group by customer_id order by 2 desc limit 20`)],
  [2, (c, n) => c.query(`select * from shop.orders where shipped_at is null and created_at > now() - interval '${1 + (n % 30)} days' order by total desc limit 100`)],
  [10, (c) => c.query(`select value from shop.settings where key = 'currency'`)],
  [4, (c, n) => c.query('update shop.customers set name = $1 where id = $2', [`Customer ${n}`, pick(n, customers)])],
  [3, (c, n) => c.query(`insert into shop.events (kind, payload) values ('view', '{"customer": ${pick(n, customers)}, "page": "p${n % 100}"}')`)],
  [2, (c, n) => c.query(`select * from shop.customers where country = 'DE' and created_at > now() - interval '${n % 500} minutes'`)],
];
const totalWeight = shapes.reduce((sum, [weight]) => sum + weight, 0);

function shapeFor(n: number): Shape {
  let point = ((n * 40503) >>> 0) % totalWeight;
  for (const [weight, shape] of shapes) {
    if (point < weight) return shape;
    point -= weight;
  }
  return shapes[0]![1];
}

async function runClient(index: number, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: values.url, application_name: `shop-${index}` });
  await client.connect();
  // Half the sessions log plans as JSON, half as text: both formats end up in one log.
  await client.query(`set auto_explain.log_format = '${index % 2 === 0 ? 'text' : 'json'}'`);
  for (let i = 0; i < count; i++) await shapeFor(index * 1_000_003 + i)(client, index * 1_000_003 + i);
  await client.end();
}

if (values.setup) {
  const client = new pg.Client({ connectionString: values.url });
  await client.connect();
  await setup(client);
  await client.end();
}
const clients = Number(values.clients);
const perClient = Math.ceil(Number(values.statements) / clients);
await Promise.all(Array.from({ length: clients }, (_, i) => runClient(i, perClient)));
