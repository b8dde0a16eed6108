/** A plan node while the text parser builds the tree, before it becomes EXPLAIN JSON data. */
import type { GroupingLine } from './grouping-sets.js';
import type { MutableProps } from './node-properties.js';

export interface TextNode {
  props: MutableProps;
  children: TextNode[];
  workers: MutableProps[];
  /** An Aggregate's key lines, in order, to rebuild grouping sets. */
  groupingLines: GroupingLine[];
}
