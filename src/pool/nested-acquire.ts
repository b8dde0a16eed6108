/**
 * Finds an acquire made while the same async flow already holds a connection
 * of the same pool: the classic `db` instead of `trx` inside a transaction.
 * With a full pool every holder waits for a connection only a holder can give
 * back, and the application deadlocks (HikariCP: pool >= Tn x (Cm - 1) + 1).
 *
 * A hold is written into the caller's async context at `connect()` time with
 * AsyncLocalStorage#enterWith, so code that runs after `await pool.connect()`
 * sees it. Only holds that were already granted when a later hold was entered
 * count as its ancestors, so two acquires started side by side from one
 * synchronous frame (Promise.all) are not mistaken for nesting.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StackSnapshot } from './stack-snapshot.js';

/** One granted or pending connection, as seen from the async flow that asked for it. */
export interface Hold {
  readonly owner: object;
  /** Where the connection was asked for. */
  readonly stack: StackSnapshot;
  /** The nearest hold that was granted and not released when this one was entered. */
  readonly parent: Hold | undefined;
  granted: boolean;
  released: boolean;
}

const storage = new AsyncLocalStorage<Hold>();

export class NestedAcquireTracker {
  readonly #owner: object;

  constructor(owner: object) {
    this.#owner = owner;
  }

  /** The hold of this owner that the current async flow still has, if any. */
  heldByCurrentFlow(): Hold | undefined {
    for (let hold = storage.getStore(); hold !== undefined; hold = hold.parent) {
      if (hold.owner === this.#owner && hold.granted && !hold.released) return hold;
    }
    return undefined;
  }

  /** Records a new hold in the caller's async context; mark it granted and released as it happens. */
  enter(stack: StackSnapshot): Hold {
    const hold: Hold = { owner: this.#owner, stack, parent: nearestLive(storage.getStore()), granted: false, released: false };
    storage.enterWith(hold);
    return hold;
  }
}

function nearestLive(start: Hold | undefined): Hold | undefined {
  for (let hold = start; hold !== undefined; hold = hold.parent) {
    if (hold.granted && !hold.released) return hold;
  }
  return undefined;
}
