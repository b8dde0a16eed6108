import rule from '../../../rules/plan/sort-spill.js';
import { runRuleCases } from './rule-cases.js';

const sort = (props: Record<string, unknown>) => ({
  'Node Type': 'Sort',
  'Sort Key': ['created_at'],
  'Actual Rows': 500000,
  'Actual Loops': 1,
  'Actual Total Time': 900,
  ...props,
  Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'events', 'Actual Rows': 500000, 'Actual Loops': 1, 'Actual Total Time': 300 }],
});

runRuleCases(rule, {
  valid: [
    { name: 'in-memory quicksort', plan: sort({ 'Sort Method': 'quicksort', 'Sort Space Used': 2048, 'Sort Space Type': 'Memory' }) },
    { name: 'top-N heapsort', plan: sort({ 'Sort Method': 'top-N heapsort', 'Sort Space Used': 25, 'Sort Space Type': 'Memory' }) },
    { name: 'plain EXPLAIN has no sort method', plan: { 'Node Type': 'Sort', 'Plan Rows': 1000 } },
    {
      name: 'spill below minDiskKb',
      plan: sort({ 'Sort Method': 'external merge', 'Sort Space Used': 900, 'Sort Space Type': 'Disk' }),
      options: { minDiskKb: 1024 },
    },
    {
      name: 'incremental sort in memory',
      plan: sort({ 'Node Type': 'Incremental Sort', 'Full-sort Groups': { 'Group Count': 3, 'Sort Space Memory': { 'Peak Sort Space Used': 30 } } }),
    },
  ],
  invalid: [
    {
      name: 'external merge on disk',
      plan: sort({ 'Sort Method': 'external merge', 'Sort Space Used': 14000, 'Sort Space Type': 'Disk' }),
      calls: 2,
      reports: [{ messageId: 'sortSpill', nodeId: 0, data: { diskKb: 14000, method: 'external merge', nodeType: 'Sort', sortKey: 'created_at' }, timeAtStakeMs: 1200 }],
    },
    {
      name: 'external sort named only by the method',
      plan: sort({ 'Sort Method': 'external sort', 'Sort Space Used': 300 }),
      reports: [{ messageId: 'sortSpill', nodeId: 0, data: { diskKb: 300, method: 'external sort' } }],
    },
    {
      name: 'only a parallel worker spilled',
      plan: sort({
        'Sort Method': 'quicksort',
        'Sort Space Used': 100,
        'Sort Space Type': 'Memory',
        Workers: [
          { 'Worker Number': 0, 'Sort Method': 'external merge', 'Sort Space Used': 5000, 'Sort Space Type': 'Disk' },
          { 'Worker Number': 1, 'Sort Method': 'quicksort', 'Sort Space Used': 90, 'Sort Space Type': 'Memory' },
        ],
      }),
      reports: [{ messageId: 'sortSpill', nodeId: 0, data: { diskKb: 5000 } }],
    },
    {
      name: 'incremental sort whose full-sort groups spilled',
      plan: sort({ 'Node Type': 'Incremental Sort', 'Full-sort Groups': { 'Group Count': 3, 'Sort Space Disk': { 'Average Sort Space Used': 800, 'Peak Sort Space Used': 1200 } } }),
      reports: [{ messageId: 'sortSpill', nodeId: 0, data: { diskKb: 1200, nodeType: 'Incremental Sort' } }],
    },
    {
      name: 'incremental sort whose pre-sorted groups used an external merge',
      plan: sort({
        'Node Type': 'Incremental Sort',
        'Full-sort Groups': { 'Group Count': 3, 'Sort Methods Used': ['quicksort'], 'Sort Space Memory': { 'Peak Sort Space Used': 30 } },
        'Pre-sorted Groups': { 'Group Count': 1, 'Sort Methods Used': ['external merge'], 'Sort Space Disk': { 'Peak Sort Space Used': 4500 } },
      }),
      reports: [{ messageId: 'sortSpill', nodeId: 0, data: { diskKb: 4500, method: 'external merge' } }],
    },
  ],
});
