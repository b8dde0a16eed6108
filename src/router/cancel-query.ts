/**
 * Cancels the statement a connection is running, the way psql's Ctrl-C does:
 * a CancelRequest (protocol 3.0) on a new socket to the same host and port,
 * carrying the backend's process id and secret key. The server answers
 * nothing; the running statement fails with 57014 (query_canceled) and the
 * connection stays usable. Sent to the node that runs the query, so a read on a
 * replica is cancelled there.
 */
import net from 'node:net';
import type pg from 'pg';

const CANCEL_REQUEST_CODE = 80877102;

/** What a `pg.Client` knows after startup (node-postgres sets these fields; its types omit two). */
interface BackendKey {
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
}

/**
 * @example
 * const pending = client.query('select pg_sleep(60)')
 * await sendCancelRequest(client)   // pending rejects with code 57014
 */
export async function sendCancelRequest(client: pg.ClientBase, timeoutMillis = 5_000): Promise<void> {
  const { host, port, processID, secretKey } = client as unknown as BackendKey;
  if (processID === null || secretKey === null) return; // not connected yet: nothing runs
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  const socket = host.startsWith('/') ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.setTimeout(timeoutMillis, () => socket.destroy(new Error(`cancel request to ${host}:${port} timed out`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.end(packet));
    // The server closes the socket once it has read the request.
    socket.once('close', () => resolve());
  });
}
