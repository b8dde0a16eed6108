import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMMON_LOG_LINE_PREFIXES,
  compileLogLinePrefix,
  detectLogLinePrefix,
  genericPrefixMatcher,
  type PrefixMatcher,
} from '../../src/ingest/prefix-matcher.js';
import type { LogFields } from '../../src/ingest/log-record.js';

function read(matcher: PrefixMatcher, line: string): { severity: string; message: string; fields: LogFields } | undefined {
  const match = matcher.exec(line);
  if (match === null) return undefined;
  return { severity: matcher.severity(match), message: line.slice(matcher.messageStart(match)), fields: matcher.fields(match) };
}

describe('compileLogLinePrefix', () => {
  const cases: { prefix: string; line: string; fields: LogFields; severity?: string }[] = [
    {
      prefix: '%m [%p] %q%u@%d ',
      line: '2024-03-01 10:00:01.123 UTC [4242] alice@shop LOG:  duration: 1.0 ms  statement: SELECT 1',
      fields: { timestamp: '2024-03-01 10:00:01.123 UTC', pid: '4242', user: 'alice', database: 'shop' },
    },
    {
      prefix: '%m [%p] %q%u@%d ',
      line: '2024-03-01 10:00:01.123 UTC [7] LOG:  checkpoint starting: time',
      fields: { timestamp: '2024-03-01 10:00:01.123 UTC', pid: '7' },
    },
    {
      prefix: '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
      line: '2024-03-01 10:00:01 CET [88]: [3-1] user=bob,db=shop,app=my app, v2,client=10.1.1.1 LOG:  statement: SELECT 1',
      fields: { timestamp: '2024-03-01 10:00:01 CET', pid: '88', user: 'bob', database: 'shop', application: 'my app, v2' },
    },
    {
      prefix: '%t:%r:%u@%d:[%p]:',
      line: '2024-03-01 10:00:01 UTC:10.0.0.1(5555):app@shop:[99]:LOG:  duration: 2.0 ms  statement: SELECT 1',
      fields: { timestamp: '2024-03-01 10:00:01 UTC', pid: '99', user: 'app', database: 'shop' },
    },
    {
      prefix: '%n|%a|%b|%c|%e|%h|%i|%l|%P|%Q|%r|%s|%v|%x|%%|',
      line: '1709287201.123|psql|client backend|65e1a.259|00000|[local]|SELECT|4||-77|[local]|2024-03-01 10:00:00 UTC|3/4|0|%|DETAIL:  parameters: $1 = 1',
      fields: { timestamp: '1709287201.123', application: 'psql', queryId: '-77' },
      severity: 'DETAIL',
    },
    {
      prefix: '%-10u|%5p ',
      line: 'al        |   42 ERROR:  boom',
      fields: { user: 'al', pid: '42' },
      severity: 'ERROR',
    },
    {
      prefix: '[%p]: [%l-1] db=%d,user=%u ',
      line: '[5]: [1-1] db=[unknown],user=[unknown] LOG:  connection received: host=127.0.0.1',
      fields: { pid: '5' },
    },
  ];
  for (const { prefix, line, fields, severity } of cases) {
    it(`reads ${JSON.stringify(prefix)}`, () => {
      const result = read(compileLogLinePrefix(prefix), line);
      assert.ok(result, 'the line should match');
      assert.deepEqual(result.fields, fields);
      assert.equal(result.severity, severity ?? 'LOG');
    });
  }

  it('rejects a line with another prefix, and a line without severity', () => {
    const matcher = compileLogLinePrefix('%m [%p] ');
    assert.equal(matcher.exec('2024-03-01 10:00:01 UTC [1] LOG:  x'), null);
    assert.equal(matcher.exec('2024-03-01 10:00:01.000 UTC [1] hello'), null);
  });

  it('gives the message right after the severity', () => {
    const result = read(compileLogLinePrefix('%t '), '2024-03-01 10:00:01 UTC LOG: duration: 0.054 ms statement: SELECT 1');
    assert.equal(result?.message, 'duration: 0.054 ms statement: SELECT 1');
  });
});

describe('genericPrefixMatcher', () => {
  const cases: [string, LogFields][] = [
    [
      '2023-03-07 09:06:08 CET [130096]: [247-1] [0] usr=usr6,db=progdb,appli=76ae LOG:  duration: 1 ms  statement: x',
      { timestamp: '2023-03-07 09:06:08 CET', pid: '130096', user: 'usr6', database: 'progdb', application: '76ae' },
    ],
    ['2017-12-19 02:50:28 UTC [417-3935] dexter@dexter_test LOG:  x', { timestamp: '2017-12-19 02:50:28 UTC', pid: '417', user: 'dexter', database: 'dexter_test' }],
    ['2022-02-17 14:45:10.440 UTC [691] [queryid=108127] postgres@so LOG:  x', { timestamp: '2022-02-17 14:45:10.440 UTC', pid: '691', user: 'postgres', database: 'so', queryId: '108127' }],
  ];
  for (const [line, fields] of cases) {
    it(`finds the fields of ${JSON.stringify(line.slice(0, 40))}...`, () => {
      assert.deepEqual(read(genericPrefixMatcher(), line)?.fields, fields);
    });
  }
});

describe('detectLogLinePrefix', () => {
  it('picks the common prefix that explains the lines', () => {
    const lines = [
      '2017-09-06 08:40:10 UTC [20]: [1-1] user=,db=,app=,client= LOG:  database system was shut down',
      '2017-09-06 08:41:41 UTC [36]: [121-1] user=postgres,db=postgres,app=pgbench,client=172.23.0.1 LOG:  duration: 2.280 ms  statement: END;',
      '\tcontinuation',
    ];
    assert.equal(detectLogLinePrefix(lines)?.prefix, COMMON_LOG_LINE_PREFIXES[0]);
  });

  it('falls back to the generic matcher for an unusual prefix, and gives up without any severity', () => {
    assert.equal(detectLogLinePrefix(['<<db1>> 2024-03-01 10:00:01 UTC [1] LOG:  x'])?.prefix, 'auto');
    assert.equal(detectLogLinePrefix(['hello', 'world']), undefined);
  });
});

describe('prefix matching on hostile lines', () => {
  it('stays fast on long lines that repeat the prefix literals (no catastrophic backtracking)', () => {
    const cases: [string, string][] = [
      ['%m [%p] %q%u@%d ', '2024-03-01 10:00:01.000 UTC [1] ' + 'a@b '.repeat(50_000)],
      ['%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ', '2024-03-01 10:00:01 UTC [1]: [1-1] ' + 'user=,db=,app=,client= '.repeat(10_000)],
    ];
    for (const [prefix, line] of cases) {
      const matcher = compileLogLinePrefix(prefix);
      const started = performance.now();
      for (let i = 0; i < 10; i++) assert.equal(matcher.exec(line), null);
      assert.ok(performance.now() - started < 2000, `${prefix} took ${Math.round(performance.now() - started)} ms for 10 lines`);
    }
    const generic = genericPrefixMatcher();
    assert.equal(generic.exec('x'.repeat(1_000_000)), null);
  });
});
