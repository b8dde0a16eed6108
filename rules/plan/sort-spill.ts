import type { PlanNode } from '../../src/plan/types.js';
import type { PlanRule } from '../../src/analyze/types.js';
import { numberProp, stringListProp } from '../../src/plan/accessors.js';
import { redactLiterals } from './support/redact-literals.js';
import { baseNodeType } from './support/node-type.js';

type Options = {
  minDiskKb: number;
};

/** Largest on-disk sort of the node, its leader or any worker, in kB; undefined when it sorted in memory. */
function diskSortKb(node: PlanNode): { kb: number; method: string } | undefined {
  let found: { kb: number; method: string } | undefined;
  const consider = (props: { readonly [key: string]: unknown }): void => {
    const spaceType = props['Sort Space Type'];
    const method = props['Sort Method'];
    const external = typeof method === 'string' && method.startsWith('external');
    if (spaceType !== 'Disk' && !external) return;
    const used = props['Sort Space Used'];
    const kb = typeof used === 'number' ? used : 0;
    if (found === undefined || kb > found.kb) found = { kb, method: typeof method === 'string' ? method : 'external sort' };
  };
  consider(node.props);
  const workers = node.props['Workers'];
  if (Array.isArray(workers)) {
    for (const worker of workers) if (typeof worker === 'object' && worker !== null && !Array.isArray(worker)) consider(worker);
  }
  // Incremental Sort reports per group kind:
  // { "Sort Methods Used": ["external merge"], "Sort Space Disk": { "Peak Sort Space Used": n } }.
  for (const key of ['Full-sort Groups', 'Pre-sorted Groups']) {
    const groups = node.props[key];
    if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) continue;
    const record = groups as { readonly [key: string]: unknown };
    const methods = record['Sort Methods Used'];
    const externalMethod = Array.isArray(methods) ? methods.find((method) => typeof method === 'string' && method.startsWith('external')) : undefined;
    const disk = record['Sort Space Disk'];
    if ((typeof disk !== 'object' || disk === null) && externalMethod === undefined) continue;
    const peak = typeof disk === 'object' && disk !== null ? (disk as { readonly [key: string]: unknown })['Peak Sort Space Used'] : undefined;
    const kb = typeof peak === 'number' ? peak : 0;
    if (found === undefined || kb > found.kb) found = { kb, method: typeof externalMethod === 'string' ? externalMethod : 'external sort' };
  }
  return found;
}

/** A sort that did not fit in work_mem and spilled to temporary files. */
const rule: PlanRule<Options> = {
  meta: {
    id: 'sort-spill',
    severity: 'warning',
    description: 'Sort that spills to disk (external merge)',
    messages: {
      sortSpill:
        '{{nodeType}} did not fit in work_mem and sorted on disk ({{method}}, {{diskKb}} kB of temporary files): writing and re-reading temp files is much slower than an in-memory sort.',
    },
    help: {
      sortSpill:
        'Raise work_mem for this query (SET LOCAL work_mem = ...) above the spilled size, since an in-memory sort needs more room than its on-disk form; or avoid the sort with an index that returns rows in the needed order ({{sortKey}}), or sort fewer rows (filter earlier, select fewer columns).',
    },
    defaultOptions: { minDiskKb: 0 },
    optionDocs: {
      minDiskKb: 'Smallest spill, in kB of temporary files, that is flagged (0 flags every on-disk sort).',
    },
  },
  create(context) {
    return {
      node(node) {
        const type = baseNodeType(node);
        if (type !== 'Sort' && type !== 'Incremental Sort') return;
        const spill = diskSortKb(node);
        if (spill === undefined || spill.kb < context.options.minDiskKb) return;
        context.report({
          node,
          messageId: 'sortSpill',
          data: {
            nodeType: node.nodeType,
            method: spill.method,
            diskKb: spill.kb,
            sortKey: redactLiterals(stringListProp(node, 'Sort Key')?.join(', ') ?? 'the sort key'),
            loops: numberProp(node, 'Actual Loops') ?? 1,
          },
        });
      },
    };
  },
};

export default rule;
