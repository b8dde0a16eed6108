/**
 * The pool each node gets unless `createRouter({ createPool })` says otherwise: pgopt's own.
 */
import { createPool } from '../pool/index.js';
import type { NodePoolFactory } from './node-pool.js';

export const createDefaultNodePool: NodePoolFactory = (options) => createPool(options);
