import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractPredicates } from '../../src/sql/predicates.js';
import type { StatementPredicates } from '../../src/sql/predicates.js';
import { canonicalCondition, parsePlanCondition, parsePlanSortKey, quoteIdentifier } from '../../src/sql/expression.js';

/** `relation.key kind[=constant|$n]` for every predicate of every scope, in order. */
function summary(statement: StatementPredicates): string[] {
  return statement.scopes.flatMap((scope) =>
    scope.predicates.map((p) => {
      const relation = p.relation === null ? '?' : p.relation.name;
      const value = p.constant !== null ? `=${p.constant}` : p.parameter !== null ? `=$${p.parameter}` : '';
      const other = p.other === null ? '' : `->${p.other.qualifier ?? '?'}.${p.other.key}`;
      return `${relation}.${p.operand.key} ${p.kind}${value}${other}`;
    }),
  );
}

function parse(sql: string): StatementPredicates {
  const result = extractPredicates(sql);
  assert.ok(result.ok, `parses: ${sql}`);
  return result.statement;
}

describe('extractPredicates', () => {
  const cases: { sql: string; predicates: string[] }[] = [
    { sql: 'SELECT * FROM posts WHERE id = $1', predicates: ['posts.id eq=$1'] },
    { sql: 'SELECT * FROM posts WHERE user_id = 1 AND blog_id < 10', predicates: ['posts.user_id eq=1', 'posts.blog_id range=10'] },
    { sql: 'SELECT * FROM posts WHERE $1 > created_at', predicates: ['posts.created_at range=$1'] },
    { sql: 'SELECT * FROM posts WHERE created_at BETWEEN $1 AND $2', predicates: ['posts.created_at range=$1'] },
    { sql: 'SELECT * FROM orders WHERE status = ANY($1)', predicates: ['orders.status in=$1'] },
    { sql: 'SELECT * FROM orders WHERE status IN ($1, $2)', predicates: ['orders.status in'] },
    { sql: 'SELECT * FROM users WHERE deleted_at IS NULL AND email IS NOT NULL', predicates: ['users.deleted_at is-null', 'users.email is-not-null'] },
    { sql: "SELECT * FROM users WHERE name LIKE 'abc%'", predicates: ["users.name like='abc%'"] },
    { sql: 'SELECT * FROM users WHERE name ILIKE $1', predicates: ['users.name like=$1'] },
    { sql: 'SELECT * FROM users WHERE lower(email) = lower($1)', predicates: ['users.lower(email) eq'] },
    { sql: 'SELECT * FROM events WHERE payload @> $1', predicates: ['events.payload contains=$1'] },
    { sql: 'SELECT * FROM jobs WHERE active AND NOT done', predicates: ['jobs.active eq=true', 'jobs.done eq=false'] },
    // Not indexable: OR, inequality, functions of two relations.
    { sql: 'SELECT * FROM t WHERE a = $1 OR b = $2', predicates: [] },
    { sql: 'SELECT * FROM t WHERE a <> $1', predicates: [] },
    {
      sql: 'SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = $1',
      predicates: ['customers.id join->o.customer_id', 'orders.customer_id join->c.id', 'customers.email eq=$1'],
    },
    // Unqualified columns in a two-table scope stay unresolved (the advisor asks the catalog).
    { sql: 'SELECT * FROM a, b WHERE x = $1', predicates: ['?.x eq=$1'] },
    // A correlated reference is a value for the inner level.
    {
      sql: 'SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > $1)',
      predicates: ['orders.customer_id eq', 'orders.total range=$1'],
    },
    { sql: 'UPDATE posts SET user_id = 2 WHERE user_id = 1', predicates: ['posts.user_id eq=1'] },
    { sql: 'DELETE FROM posts WHERE user_id = $1', predicates: ['posts.user_id eq=$1'] },
    { sql: 'WITH cte AS (SELECT * FROM posts WHERE id = 1) SELECT * FROM cte', predicates: ['posts.id eq=1'] },
    { sql: 'SELECT * FROM "Bar"."Foo" WHERE "Id" = 10000', predicates: ['Foo.Id eq=10000'] },
    // PostgreSQL inlines a CTE that passes one table through: the outer filter is a filter on the table.
    { sql: 'WITH cte AS (SELECT * FROM posts) SELECT * FROM cte WHERE id = 1', predicates: ['posts.id eq=1'] },
    { sql: 'WITH c AS (SELECT user_id, count(*) AS n FROM posts GROUP BY user_id) SELECT * FROM c WHERE n > 1', predicates: [] },
    { sql: 'INSERT INTO t (a) VALUES ($1)', predicates: [] },
  ];
  for (const { sql, predicates } of cases) {
    it(sql, () => {
      assert.deepEqual(summary(parse(sql)), predicates);
    });
  }

  it('reads ORDER BY keys through select-list positions and aliases', () => {
    const byPosition = parse('SELECT user_id FROM posts ORDER BY 1 DESC LIMIT 10').scopes[0]!;
    assert.deepEqual(byPosition.orderBy.map((s) => [s.operand.key, s.descending]), [['user_id', true]]);
    assert.equal(byPosition.hasLimit, true);
    const byAlias = parse('SELECT user_id AS u FROM posts ORDER BY u DESC, blog_id LIMIT 10').scopes[0]!;
    assert.deepEqual(byAlias.orderBy.map((s) => [s.operand.key, s.descending]), [['user_id', true], ['blog_id', false]]);
    // ORDER BY 1 over SELECT * has no column to name.
    assert.deepEqual(parse('SELECT * FROM posts ORDER BY 1 DESC LIMIT 10').scopes[0]!.orderBy, []);
  });

  it('records the target of writes and the columns a level reads', () => {
    const update = parse('UPDATE orders SET status = $1 WHERE id = $2');
    assert.equal(update.command, 'update');
    assert.equal(update.target?.name, 'orders');
    const select = parse('SELECT id, total FROM orders WHERE customer_id = $1').scopes[0]!;
    assert.equal(select.selectsAll, false);
    assert.deepEqual(select.columns.map((c) => c.column).sort(), ['customer_id', 'id', 'total']);
    assert.equal(parse('SELECT * FROM orders WHERE id = 1').scopes[0]!.selectsAll, true);
  });

  it('excludes CTE names from the relations and says why it cannot parse', () => {
    const cte = parse('WITH x AS (SELECT 1) SELECT * FROM x WHERE a = 1');
    assert.deepEqual(cte.scopes.flatMap((s) => s.relations), []);
    const bad = extractPredicates('SELECT +');
    assert.equal(bad.ok, false);
  });
});

describe('plan expressions', () => {
  it('reads Filter and Index Cond strings as PostgreSQL prints them', () => {
    const filter = parsePlanCondition("(((status)::text = 'pending'::text) AND (created_at > '2024-01-01 00:00:00'::timestamp without time zone))");
    assert.deepEqual(
      filter.map((p) => [p.operand.key, p.kind, p.constant]),
      [
        ['status', 'eq', "'pending'"],
        ['created_at', 'range', "'2024-01-01 00:00:00'"],
      ],
    );
    const like = parsePlanCondition("((name)::text ~~ 'abc%'::text)");
    assert.deepEqual(like.map((p) => [p.kind, p.text]), [['like', 'abc%']]);
    const join = parsePlanCondition('(id = o.customer_id)');
    assert.deepEqual(join.map((p) => p.kind), ['join', 'join']);
    const any = parsePlanCondition("(customer_id = ANY ('{1,2}'::integer[]))");
    assert.deepEqual(any.map((p) => [p.operand.key, p.kind]), [['customer_id', 'in']]);
    const expression = parsePlanCondition("(lower((email)::text) = 'x'::text)");
    assert.deepEqual(expression.map((p) => [p.operand.key, p.operand.isExpression]), [['lower(email)', true]]);
    assert.deepEqual(parsePlanCondition('not ( an expression'), []);
  });

  it('reads Sort Key items', () => {
    assert.deepEqual(parsePlanSortKey('o.created_at DESC'), {
      operand: { qualifier: 'o', key: 'created_at', columns: ['created_at'], isExpression: false },
      descending: true,
    });
    assert.equal(parsePlanSortKey('(lower(email)) NULLS FIRST')?.operand.key, 'lower(email)');
  });

  it('canonicalises conditions and quotes identifiers only where needed', () => {
    assert.equal(canonicalCondition("((status)::text = 'x'::text)"), "status = 'x'");
    assert.equal(canonicalCondition('(deleted_at IS NULL)'), 'deleted_at IS NULL');
    assert.equal(quoteIdentifier('orders'), 'orders');
    assert.equal(quoteIdentifier('Foo'), '"Foo"');
    assert.equal(quoteIdentifier('order'), '"order"');
    assert.equal(quoteIdentifier('a"b'), '"a""b"');
  });
});
