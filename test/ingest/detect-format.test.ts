import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from '../../src/ingest/detect-format.js';
import type { InputFormat } from '../../src/ingest/types.js';

describe('detectFormat', () => {
  const cases: [string, string, string, InputFormat | undefined][] = [
    ['stderr', 'pg.log', '2024-03-01 10:00:01.000 UTC [1] app@db LOG:  duration: 1.000 ms  statement: SELECT 1\n', 'stderr'],
    ['RDS', 'pg.log', '2024-03-01 10:00:01 UTC:10.0.0.1(1):app@db:[1]:LOG:  duration: 1.000 ms  statement: SELECT 1\n', 'rds'],
    ['csvlog', 'pg.csv', '2024-03-01 10:00:01.000 UTC,"u","d",1,"[local]",a.b,1,"SELECT",2024-03-01 10:00:00 UTC,1/1,0,LOG,00000,"statement: SELECT 1",,,,,,,,,""\n', 'csvlog'],
    ['jsonlog', 'pg.json', '{"timestamp":"2024-03-01","pid":1,"error_severity":"LOG","message":"statement: SELECT 1"}\n', 'jsonlog'],
    ['Cloud SQL', 'x.log', '{"textPayload":"[1]: [1-1] db=d,user=u LOG:  statement: SELECT 1","timestamp":"2024"}\n', 'cloudsql'],
    ['CloudNativePG', 'x.log', '{"level":"info","msg":"up"}\n{"logger":"postgres","record":{"error_severity":"LOG","message":"statement: SELECT 1"}}\n', 'cnpg'],
    ['syslog', 'syslog', 'Mar  1 10:00:00 h postgres[5]: [1-1] db=d,user=u LOG:  statement: SELECT 1\n', 'syslog'],
    ['RFC 3339 syslog', 'syslog', '2024-03-01T10:00:00+00:00 h postgres[5]: [1-1] LOG:  statement: SELECT 1\n', 'syslog'],
    ['EXPLAIN JSON', 'plan.json', '[\n  {\n    "Plan": {\n      "Node Type": "Result"\n    }\n  }\n]\n', 'explain-json'],
    ['EXPLAIN text', 'plan.txt', 'Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n', 'explain-text'],
    ['psql-framed EXPLAIN', 'plan.txt', '                 QUERY PLAN\n---------------\n Result  (cost=0.00..0.01 rows=1 width=4)\n(1 row)\n', 'explain-text'],
    ['psql-framed JSON', 'plan.txt', '+------------+\n| QUERY PLAN |\n+------------+\n| [         +|\n|   {       +|\n', 'explain-text'],
    ['XML plan', 'plan.xml', '<explain xmlns="http://www.postgresql.org/2009/explain">\n  <Query>\n    <Plan>\n', 'explain-text'],
    ['YAML plan', 'plan.yaml', '- Plan: \n    Node Type: "Seq Scan"\n', 'explain-text'],
    ['pg_stat_statements', 'pgss.csv', 'userid,dbid,queryid,query,calls,total_exec_time,mean_exec_time\n', 'pg-stat-statements'],
    ['.sql by name', 'schema.sql.gz', 'anything at all', 'sql'],
    ['SQL by content', 'queries.txt', '-- comment\nSELECT 1;\n', 'sql'],
    ['garbage', 'x.bin', 'hello world\nnothing to see\n', undefined],
    ['empty', 'x.log', '', undefined],
  ];
  for (const [name, path, sample, expected] of cases) {
    it(`detects ${name}`, () => {
      assert.equal(detectFormat(sample, path), expected);
    });
  }
});
