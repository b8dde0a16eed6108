import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStatement } from '../../src/sql/classify-statement.js';
import type { ClassificationReason, StatementKind } from '../../src/sql/classify-statement.js';
import { StatementClassifier } from '../../src/sql/classify-cache.js';
import { BUILTIN_READ_ONLY_FUNCTIONS, BUILTIN_WRITE_FUNCTIONS } from '../../src/sql/classify-functions.js';

type Case = readonly [sql: string, kind: StatementKind, reason: ClassificationReason];

const reads: Case[] = [
  ['select 1', 'read', 'select'],
  ['SELECT * FROM users', 'read', 'select'],
  ['select * from users where id = $1', 'read', 'select'],
  ['select id, name from users where email = $1 and deleted_at is null', 'read', 'select'],
  ['select count(*) from orders', 'read', 'select'],
  ['select u.id, count(o.id) from users u left join orders o on o.user_id = u.id group by u.id', 'read', 'select'],
  ['select * from t order by created_at desc limit 10 offset 20', 'read', 'select'],
  ['select distinct on (a) a, b from t order by a, b', 'read', 'select'],
  ['select * from a union select * from b', 'read', 'select'],
  ['select * from a union all select * from b except select * from c', 'read', 'select'],
  ['select * from a intersect select * from b', 'read', 'select'],
  ['values (1), (2)', 'read', 'select'],
  ['table users', 'read', 'select'],
  ['with x as (select 1 as a) select * from x', 'read', 'select'],
  ['with recursive r(n) as (select 1 union all select n + 1 from r where n < 10) select * from r', 'read', 'select'],
  ['with x as materialized (select * from t) select * from x', 'read', 'select'],
  ['select * from t where id in (select user_id from orders)', 'read', 'select'],
  ['select * from t where exists (select 1 from u where u.id = t.id)', 'read', 'select'],
  ['select (select max(id) from t) as m', 'read', 'select'],
  ['select * from t, lateral (select * from u where u.t_id = t.id limit 1) l', 'read', 'select'],
  ['select row_number() over (partition by a order by b) from t', 'read', 'select'],
  ['select sum(x) filter (where x > 0) from t', 'read', 'select'],
  ['select a, b, grouping(a) from t group by rollup (a, b)', 'read', 'select'],
  ['select * from t where data @> $1::jsonb', 'read', 'select'],
  ['select data->>\'name\' from t', 'read', 'select'],
  ['select jsonb_build_object(\'a\', 1)', 'read', 'select'],
  ['select json_agg(t) from t', 'read', 'select'],
  ['select * from generate_series(1, 10)', 'read', 'select'],
  ['select * from unnest($1::int[]) as u(id)', 'read', 'select'],
  ['select now()', 'read', 'select'],
  ['select current_timestamp, current_date, current_user', 'read', 'select'],
  ['select pg_catalog.now()', 'read', 'select'],
  ['select lower(email) from users', 'read', 'select'],
  ['select coalesce(a, b), nullif(a, 0), greatest(a, b), least(a, b) from t', 'read', 'select'],
  ['select case when a > 0 then \'pos\' else \'neg\' end from t', 'read', 'select'],
  ['select cast(a as text), a::int, b::text[] from t', 'read', 'select'],
  ['select extract(epoch from now())', 'read', 'select'],
  ['select date_trunc(\'day\', created_at), count(*) from t group by 1', 'read', 'select'],
  ['select pg_last_wal_replay_lsn()', 'read', 'select'],
  ['select pg_is_in_recovery()', 'read', 'select'],
  ['select inet_server_port()', 'read', 'select'],
  ['select version()', 'read', 'select'],
  ['select current_setting(\'server_version\')', 'read', 'select'],
  ['select pg_size_pretty(pg_total_relation_size(\'users\'))', 'read', 'select'],
  ['select gen_random_uuid()', 'read', 'select'],
  ['select random()', 'read', 'select'],
  ['select pg_sleep(0)', 'read', 'select'],
  ['select to_tsvector(body) @@ plainto_tsquery($1) from posts', 'read', 'select'],
  ['select * from t tablesample system (10)', 'read', 'select'],
  ['select * from t where a is distinct from b', 'read', 'select'],
  ['select * from t where a between 1 and 10', 'read', 'select'],
  ['select * from t where name like $1 or name ilike $2', 'read', 'select'],
  ['select array[1, 2, 3]', 'read', 'select'],
  ['select array(select id from t)', 'read', 'select'],
  ['select row(1, 2)', 'read', 'select'],
  ['select \'x\'::regclass', 'read', 'select'],
  ['select * from pg_stat_activity', 'read', 'select'],
  ['select * from information_schema.tables', 'read', 'select'],
  ['select 1; select 2', 'read', 'select'],
  ['select 1;', 'read', 'select'],
  ['/* comment */ select 1', 'read', 'select'],
  ['-- leading comment\nselect 1', 'read', 'select'],
  ['SeLeCt 1', 'read', 'select'],
  ['(select 1)', 'read', 'select'],
  ['select * from t where id = any($1)', 'read', 'select'],
  ['select string_agg(name, \',\' order by name) from t', 'read', 'select'],
  ['select percentile_cont(0.5) within group (order by x) from t', 'read', 'select'],
  ['select * from t fetch first 5 rows only', 'read', 'select'],
  ['select * from t window w as (order by a)', 'read', 'select'],
  ['show search_path', 'read', 'show'],
  ['SHOW ALL', 'read', 'show'],
  ['show transaction_read_only', 'read', 'show'],
  ['show server_version; select 1', 'read', 'show'],
  ['explain select * from t', 'read', 'explain'],
  ['explain (format json) select * from t', 'read', 'explain'],
  ['explain (costs off, verbose) select * from t', 'read', 'explain'],
  ['explain (analyze false) select 1', 'read', 'explain'],
  ['explain (analyze off) select 1', 'read', 'explain'],
  ['explain insert into t values (1)', 'read', 'explain'],
  ['explain delete from t', 'read', 'explain'],
  ['explain analyze select * from t', 'read', 'select'],
  ['explain (analyze, buffers) select * from t', 'read', 'select'],
  ['explain (analyze true) select 1', 'read', 'select'],
  ['copy t to stdout', 'read', 'copy-to'],
  ['copy t (a, b) to stdout with (format csv, header)', 'read', 'copy-to'],
  ['copy (select * from t where a > 1) to stdout', 'read', 'copy-to'],
  ['COPY (SELECT 1) TO STDOUT WITH CSV', 'read', 'copy-to'],
];

const writes: Case[] = [
  ['insert into t values (1)', 'write', 'dml'],
  ['insert into t (a, b) values ($1, $2) returning id', 'write', 'dml'],
  ['insert into t select * from u', 'write', 'dml'],
  ['insert into t values (1) on conflict do nothing', 'write', 'dml'],
  ['insert into t values (1) on conflict (id) do update set a = excluded.a', 'write', 'dml'],
  ['update t set a = 1 where id = $1', 'write', 'dml'],
  ['update t set a = u.a from u where u.id = t.id', 'write', 'dml'],
  ['delete from t where id = $1', 'write', 'dml'],
  ['delete from t using u where u.id = t.id returning t.*', 'write', 'dml'],
  ['merge into t using u on t.id = u.id when matched then update set a = u.a when not matched then insert values (u.id, u.a)', 'write', 'dml'],
  ['with x as (insert into t values (1) returning *) insert into log select * from x', 'write', 'dml'],
  ['with x as (select 1) delete from t where id in (select * from x)', 'write', 'dml'],
  ['select * from t for update', 'write', 'row-lock'],
  ['select * from t for share', 'write', 'row-lock'],
  ['select * from t for no key update', 'write', 'row-lock'],
  ['select * from t for key share', 'write', 'row-lock'],
  ['select * from jobs where state = $1 for update skip locked limit 1', 'write', 'row-lock'],
  ['select * from t for update nowait', 'write', 'row-lock'],
  ['select * from t join u on u.id = t.id for update of t', 'write', 'row-lock'],
  ['select * from (select * from t for update) s', 'write', 'row-lock'],
  ['select * from t where id in (select id from u for share)', 'write', 'row-lock'],
  ['with x as (select * from t for update) select * from x', 'write', 'row-lock'],
  ['select * into new_t from t', 'write', 'select-into'],
  ['select 1 as a into temp tmp_t', 'write', 'select-into'],
  ['with x as (delete from t returning *) select * from x', 'write', 'data-modifying-cte'],
  ['with x as (update t set a = 1 returning *) select count(*) from x', 'write', 'data-modifying-cte'],
  ['with x as (insert into t values (1) returning id) select id from x', 'write', 'data-modifying-cte'],
  ['with a as (select 1), b as (delete from t returning *) select * from a, b', 'write', 'data-modifying-cte'],
  ['with recursive r as (select 1), d as (delete from t) select * from r', 'write', 'data-modifying-cte'],
  ['select nextval(\'seq\')', 'write', 'write-function'],
  ['select nextval($1)', 'write', 'write-function'],
  ['select setval(\'seq\', 10)', 'write', 'write-function'],
  ['select currval(\'seq\')', 'write', 'write-function'],
  ['select lastval()', 'write', 'write-function'],
  ['select pg_advisory_lock(1)', 'write', 'write-function'],
  ['select pg_try_advisory_lock(1)', 'write', 'write-function'],
  ['select pg_advisory_xact_lock(1)', 'write', 'write-function'],
  ['select pg_advisory_unlock(1)', 'write', 'write-function'],
  ['select set_config(\'search_path\', \'app\', false)', 'write', 'write-function'],
  ['select txid_current()', 'write', 'write-function'],
  ['select pg_current_xact_id()', 'write', 'write-function'],
  ['select pg_current_wal_lsn()', 'write', 'write-function'],
  ['select pg_notify(\'ch\', \'x\')', 'write', 'write-function'],
  ['select lo_create(0)', 'write', 'write-function'],
  ['select pg_catalog.nextval(\'s\')', 'write', 'write-function'],
  ['select id, nextval(\'s\') from t', 'write', 'write-function'],
  ['select * from t where id = (select nextval(\'s\'))', 'write', 'write-function'],
  ['select pg_terminate_backend(123)', 'write', 'write-function'],
  ['select my_function()', 'write', 'unknown-function'],
  ['select app.refresh_totals($1)', 'write', 'unknown-function'],
  ['select * from my_set_returning_function()', 'write', 'unknown-function'],
  ['select a from t where my_check(a)', 'write', 'unknown-function'],
  ['select public.now()', 'write', 'unknown-function'],
  ['select "Lower"(x) from t', 'write', 'unknown-function'],
  ['select 1; insert into t values (1)', 'write', 'dml'],
  ['insert into t values (1); select 1', 'write', 'dml'],
  ['select 1; select nextval(\'s\')', 'write', 'write-function'],
  ['show x; set x = 1', 'write', 'session-state'],
  ['explain analyze insert into t values (1)', 'write', 'dml'],
  ['explain analyze delete from t', 'write', 'dml'],
  ['explain (analyze) update t set a = 1', 'write', 'dml'],
  ['explain analyze select * from t for update', 'write', 'row-lock'],
  ['explain analyze select nextval(\'s\')', 'write', 'write-function'],
  ['explain analyze create table x as select 1', 'write', 'utility'],
  ['copy t from stdin', 'write', 'copy-from'],
  ['copy t (a) from stdin with (format csv)', 'write', 'copy-from'],
  ['copy t to \'/tmp/t.csv\'', 'write', 'copy-file'],
  ['copy t from \'/tmp/t.csv\'', 'write', 'copy-from'],
  ['copy t to program \'gzip > /tmp/t.gz\'', 'write', 'copy-file'],
  ['copy (insert into t values (1) returning *) to stdout', 'write', 'dml'],
  ['copy (select nextval(\'s\')) to stdout', 'write', 'write-function'],
  ['begin', 'write', 'transaction-control'],
  ['begin read only', 'write', 'transaction-control'],
  ['start transaction isolation level serializable', 'write', 'transaction-control'],
  ['commit', 'write', 'transaction-control'],
  ['rollback', 'write', 'transaction-control'],
  ['savepoint s1', 'write', 'transaction-control'],
  ['release savepoint s1', 'write', 'transaction-control'],
  ['rollback to savepoint s1', 'write', 'transaction-control'],
  ['prepare transaction \'x\'', 'write', 'transaction-control'],
  ['begin; select 1; commit', 'write', 'transaction-control'],
  ['set search_path = app', 'write', 'session-state'],
  ['set local statement_timeout = 1000', 'write', 'session-state'],
  ['set time zone \'UTC\'', 'write', 'session-state'],
  ['set transaction read only', 'write', 'session-state'],
  ['set role app', 'write', 'session-state'],
  ['reset all', 'write', 'session-state'],
  ['reset search_path', 'write', 'session-state'],
  ['discard all', 'write', 'session-state'],
  ['prepare q as select 1', 'write', 'session-state'],
  ['execute q', 'write', 'session-state'],
  ['deallocate q', 'write', 'session-state'],
  ['declare c cursor for select 1', 'write', 'session-state'],
  ['fetch 10 from c', 'write', 'session-state'],
  ['close c', 'write', 'session-state'],
  ['load \'auto_explain\'', 'write', 'session-state'],
  ['set constraints all deferred', 'write', 'session-state'],
  ['listen ch', 'write', 'notification'],
  ['unlisten ch', 'write', 'notification'],
  ['unlisten *', 'write', 'notification'],
  ['notify ch, \'payload\'', 'write', 'notification'],
  ['lock table t in access exclusive mode', 'write', 'utility'],
  ['call my_procedure(1)', 'write', 'utility'],
  ['do $$ begin perform 1; end $$', 'write', 'utility'],
  ['vacuum t', 'write', 'utility'],
  ['vacuum analyze t', 'write', 'utility'],
  ['analyze t', 'write', 'utility'],
  ['cluster t using t_pkey', 'write', 'utility'],
  ['reindex table t', 'write', 'utility'],
  ['checkpoint', 'write', 'utility'],
  ['refresh materialized view mv', 'write', 'utility'],
  ['refresh materialized view concurrently mv', 'write', 'utility'],
  ['truncate t', 'write', 'utility'],
  ['truncate t restart identity cascade', 'write', 'utility'],
  ['create table t (id int primary key)', 'write', 'utility'],
  ['create table if not exists t (id bigint generated always as identity)', 'write', 'utility'],
  ['create temp table tmp (a int)', 'write', 'utility'],
  ['create unlogged table u (a int)', 'write', 'utility'],
  ['create table t2 as select * from t', 'write', 'utility'],
  ['create table t2 (like t including all)', 'write', 'utility'],
  ['create index on t (a)', 'write', 'utility'],
  ['create index concurrently if not exists t_a on t (a)', 'write', 'utility'],
  ['create unique index t_b on t (lower(b))', 'write', 'utility'],
  ['create view v as select * from t', 'write', 'utility'],
  ['create or replace view v as select 1', 'write', 'utility'],
  ['create materialized view mv as select * from t', 'write', 'utility'],
  ['create sequence s', 'write', 'utility'],
  ['create schema app', 'write', 'utility'],
  ['create extension if not exists pgcrypto', 'write', 'utility'],
  ['create function f() returns int language sql as $$ select 1 $$', 'write', 'utility'],
  ['create or replace procedure p() language sql as $$ select 1 $$', 'write', 'utility'],
  ['create trigger tr after insert on t for each row execute function f()', 'write', 'utility'],
  ['create type mood as enum (\'a\', \'b\')', 'write', 'utility'],
  ['create domain pos as int check (value > 0)', 'write', 'utility'],
  ['create role app login', 'write', 'utility'],
  ['create user app2', 'write', 'utility'],
  ['create database d2', 'write', 'utility'],
  ['create policy p on t using (true)', 'write', 'utility'],
  ['create publication pub for all tables', 'write', 'utility'],
  ['create statistics s1 on a, b from t', 'write', 'utility'],
  ['create aggregate agg (int) (sfunc = int4pl, stype = int)', 'write', 'utility'],
  ['create rule r as on insert to t do nothing', 'write', 'utility'],
  ['create table p (a int) partition by range (a)', 'write', 'utility'],
  ['alter table t add column c int', 'write', 'utility'],
  ['alter table t drop column c', 'write', 'utility'],
  ['alter table t alter column a set not null', 'write', 'utility'],
  ['alter table t rename to t3', 'write', 'utility'],
  ['alter table t add constraint c check (a > 0) not valid', 'write', 'utility'],
  ['alter table t validate constraint c', 'write', 'utility'],
  ['alter index i rename to j', 'write', 'utility'],
  ['alter sequence s restart with 1', 'write', 'utility'],
  ['alter type mood add value \'c\'', 'write', 'utility'],
  ['alter role app set search_path = app', 'write', 'utility'],
  ['alter system set work_mem = \'64MB\'', 'write', 'utility'],
  ['alter database test set timezone = \'UTC\'', 'write', 'utility'],
  ['alter default privileges grant select on tables to app', 'write', 'utility'],
  ['drop table t', 'write', 'utility'],
  ['drop table if exists t cascade', 'write', 'utility'],
  ['drop index concurrently i', 'write', 'utility'],
  ['drop view v', 'write', 'utility'],
  ['drop function f()', 'write', 'utility'],
  ['drop schema app cascade', 'write', 'utility'],
  ['drop owned by app', 'write', 'utility'],
  ['drop role app', 'write', 'utility'],
  ['grant select on t to app', 'write', 'utility'],
  ['revoke all on t from app', 'write', 'utility'],
  ['grant app to other', 'write', 'utility'],
  ['comment on table t is \'x\'', 'write', 'utility'],
  ['security label on table t is \'x\'', 'write', 'utility'],
  ['reassign owned by a to b', 'write', 'utility'],
  ['import foreign schema s from server srv into app', 'write', 'utility'],
  ['create server srv foreign data wrapper fdw', 'write', 'utility'],
  ['create foreign table ft (a int) server srv', 'write', 'utility'],
  ['create event trigger et on ddl_command_start execute function f()', 'write', 'utility'],
  ['create subscription sub connection \'x\' publication pub', 'write', 'utility'],
  ['create tablespace ts location \'/tmp\'', 'write', 'utility'],
  ['create collation c (locale = \'C\')', 'write', 'utility'],
  ['create cast (text as int) with inout', 'write', 'utility'],
  ['create operator === (leftarg = int, rightarg = int, function = int4eq)', 'write', 'utility'],
  ['', 'write', 'empty'],
  ['   ', 'write', 'empty'],
  ['-- only a comment', 'write', 'empty'],
  [';', 'write', 'empty'],
  ['selec 1', 'write', 'parse-error'],
  ['select * from', 'write', 'parse-error'],
  ['select 1; selec 2', 'write', 'parse-error'],
  ['insert into', 'write', 'parse-error'],
  ['select \'unterminated', 'write', 'parse-error'],
  ['this is not sql', 'write', 'parse-error'],
];

/** Every built-in read-only function keeps a select on a replica; every built-in write function moves it. */
// A few built-ins have keyword syntax and cannot be called as name(x).
const callSyntax: Readonly<Record<string, string>> = { position: "position('a' in x)", extract: 'extract(epoch from x)' };
const call = (name: string, arg: string): string => callSyntax[name] ?? `${name}(${arg})`;
const generated: Case[] = [
  ...[...BUILTIN_READ_ONLY_FUNCTIONS].map((name): Case => [`select ${call(name, 'x')} from t`, 'read', 'select']),
  ...[...BUILTIN_READ_ONLY_FUNCTIONS].map((name): Case => [`select a from t where ${name in callSyntax ? '' : 'pg_catalog.'}${call(name, 'a')} is not null`, 'read', 'select']),
  ...[...BUILTIN_WRITE_FUNCTIONS].map((name): Case => [`select ${name}(x) from t`, 'write', 'write-function']),
  ...[...BUILTIN_WRITE_FUNCTIONS].map((name): Case => [`select * from t where id in (select ${name}(1))`, 'write', 'write-function']),
];

describe('classifyStatement', () => {
  const all = [...reads, ...writes, ...generated];
  it(`has a table of hundreds of statements (${all.length})`, () => {
    assert.ok(all.length >= 300);
  });
  for (const [sql, kind, reason] of all) {
    it(`${kind} (${reason}): ${JSON.stringify(sql).slice(0, 100)}`, () => {
      const result = classifyStatement(sql);
      assert.deepEqual([result.kind, result.reason], [kind, reason], `detail: ${result.detail ?? '-'}`);
    });
  }

  it('counts statements', () => {
    assert.equal(classifyStatement('select 1; select 2; show x').statementCount, 3);
    assert.equal(classifyStatement('select 1').statementCount, 1);
    assert.equal(classifyStatement('selec').statementCount, 0);
  });

  it('names the function or statement type behind a write', () => {
    assert.equal(classifyStatement('select app.bump(1)').detail, 'app.bump');
    assert.equal(classifyStatement('select nextval(\'s\')').detail, 'nextval');
    assert.equal(classifyStatement('create table x (a int)').detail, 'CreateStmt');
    assert.equal(classifyStatement('with d as (delete from t) select 1').detail, 'DeleteStmt');
    assert.match(classifyStatement('selec 1').detail ?? '', /syntax error/);
  });

  it('treats configured read-only functions as reads, by bare or qualified name', () => {
    const options = { readOnlyFunctions: ['price_of', 'app.Total'] };
    assert.equal(classifyStatement('select price_of(1)', options).kind, 'read');
    assert.equal(classifyStatement('select shop.price_of(1)', options).kind, 'read');
    assert.equal(classifyStatement('select app.total(1)', options).kind, 'read');
    assert.equal(classifyStatement('select other.total(1)', options).kind, 'write');
    assert.equal(classifyStatement('select total(1)', options).kind, 'write');
  });

  it('lets writeFunctions win over read-only lists, built-in or configured', () => {
    const options = { readOnlyFunctions: ['audit'], writeFunctions: ['audit', 'now', 'app.lower'] };
    assert.deepEqual(
      [classifyStatement('select audit()', options).reason, classifyStatement('select now()', options).reason],
      ['write-function', 'write-function'],
    );
    assert.equal(classifyStatement('select app.lower(x)', options).kind, 'write');
    assert.equal(classifyStatement('select lower(x)', options).kind, 'read');
  });

  it('lets a configured read-only function override a built-in write function', () => {
    assert.equal(classifyStatement('select currval(\'s\')', { readOnlyFunctions: ['currval'] }).kind, 'read');
  });
});

describe('StatementClassifier', () => {
  it('parses each distinct text once and serves repeats from the cache', () => {
    const classifier = new StatementClassifier();
    for (let i = 0; i < 5; i++) classifier.classify('select * from users where id = $1');
    classifier.classify('delete from users where id = $1');
    assert.deepEqual(classifier.stats(), { hits: 4, misses: 2, size: 2 });
    assert.equal(classifier.classify('delete from users where id = $1').kind, 'write');
  });

  it('keeps at most maxCacheEntries, dropping the least recently used', () => {
    const classifier = new StatementClassifier({ maxCacheEntries: 3 });
    classifier.classify('select 1');
    classifier.classify('select 2');
    classifier.classify('select 3');
    classifier.classify('select 1'); // now most recent; 'select 2' is the oldest
    classifier.classify('select 4');
    assert.equal(classifier.stats().size, 3);
    const before = classifier.stats().misses;
    classifier.classify('select 1');
    assert.equal(classifier.stats().misses, before, 'select 1 stayed cached');
    classifier.classify('select 2');
    assert.equal(classifier.stats().misses, before + 1, 'select 2 was evicted');
  });

  it('does not cache texts over maxCachedTextLength', () => {
    const classifier = new StatementClassifier({ maxCachedTextLength: 20 });
    const long = `select ${'1 + '.repeat(50)}1`;
    assert.equal(classifier.classify(long).kind, 'read');
    assert.equal(classifier.stats().size, 0);
  });

  it('applies its function lists', () => {
    const classifier = new StatementClassifier({ readOnlyFunctions: ['report'], writeFunctions: ['lower'] });
    assert.equal(classifier.classify('select report()').kind, 'read');
    assert.equal(classifier.classify('select lower(x)').kind, 'write');
  });
});
