/**
 * The pool each node gets unless `createRouter({ createPool })` says otherwise.
 */
import { createPgNodePool } from './pg-node-pool.js';
import type { NodePoolFactory } from './node-pool.js';

// TODO(router): switch to pgopt's createPool (src/pool/index.js) once it lands; the NodePool seam is the same.
export const createDefaultNodePool: NodePoolFactory = createPgNodePool;
