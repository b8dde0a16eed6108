/**
 * What pgopt's two Kysely drivers share: rollback and savepoints are control
 * statements on the connection the driver handed out. Subclasses say how to
 * recognise their own connections.
 */
import type { DatabaseConnection } from 'kysely';
import { savepointStatement } from './transaction-sql.js';

/** A connection that runs transaction-control statements (BEGIN, SAVEPOINT, ROLLBACK ...). */
export interface ControlConnection {
  control(sql: string): Promise<void>;
}

export abstract class SavepointDriver<C extends ControlConnection> {
  /** The driver's own connection type, or a TypeError: Kysely only hands back what the driver created. */
  protected abstract own(connection: DatabaseConnection): C;

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.own(connection).control('rollback');
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await this.own(connection).control(savepointStatement('savepoint', savepointName));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await this.own(connection).control(savepointStatement('rollback to savepoint', savepointName));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await this.own(connection).control(savepointStatement('release savepoint', savepointName));
  }
}
