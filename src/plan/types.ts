/**
 * A typed EXPLAIN plan tree. Whatever the source format (JSON, text, psql
 * frames, XML, YAML), nodes keep PostgreSQL's own EXPLAIN JSON key names in
 * `props` ("Node Type", "Actual Rows", "Rows Removed by Filter", ...), so the
 * tree from a text plan equals the tree from the same plan in JSON. Typed
 * accessors live in `./accessors.ts`.
 */

/** Plain JSON value as EXPLAIN (FORMAT JSON) produces it. */
export type PlanValue = string | number | boolean | null | readonly PlanValue[] | { readonly [key: string]: PlanValue };

export interface PlanNode {
  /** "Seq Scan", "Hash Join", ... (the "Node Type" key). */
  readonly nodeType: string;
  /** Every key of the node as in EXPLAIN JSON, except "Plans". */
  readonly props: { readonly [key: string]: PlanValue };
  /** Child nodes in EXPLAIN order (the "Plans" key). */
  readonly children: readonly PlanNode[];
  /** Position in a pre-order walk of the plan, from 0: a stable id for findings. */
  readonly id: number;
}

export interface Plan {
  readonly root: PlanNode;
  /** Top-level keys other than "Plan" ("Planning Time", "Execution Time", "JIT", "Triggers", "Query Text", ...). */
  readonly props: { readonly [key: string]: PlanValue };
  /** True when the plan carries actual timings and row counts (EXPLAIN ANALYZE or auto_explain with log_analyze). */
  readonly analyzed: boolean;
  /** The query text when the plan came with one (auto_explain's "Query Text"). */
  readonly queryText?: string;
}
