/**
 * Starts a throwaway pgbouncer (transaction pooling) on a loopback port in
 * front of the test PostgreSQL, for the pool benchmarks; `stop()` ends it and
 * removes its files. Needs `apt-get install pgbouncer`; returns undefined when
 * the binary is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PgbouncerHandle {
  /** postgres:// URL through pgbouncer. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface PgbouncerOptions {
  readonly targetUrl: string;
  readonly port: number;
  /** Server connections per database/user pair. */
  readonly poolSize: number;
  readonly maxClientConnections: number;
}

const binary = '/usr/sbin/pgbouncer';

export async function startPgbouncer(options: PgbouncerOptions): Promise<PgbouncerHandle | undefined> {
  if (!existsSync(binary)) return undefined;
  const target = new URL(options.targetUrl);
  const database = target.pathname.slice(1) || 'postgres';
  const user = decodeURIComponent(target.username || 'postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'pgopt-pgbouncer-'));
  chmodSync(dir, 0o777);
  const config = path.join(dir, 'pgbouncer.ini');
  writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" ""\n`);
  writeFileSync(
    config,
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${options.port}`,
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      `max_client_conn = ${options.maxClientConnections}`,
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      `unix_socket_dir =`,
      'ignore_startup_parameters = extra_float_digits,options,statement_timeout,idle_in_transaction_session_timeout',
      '',
    ].join('\n'),
  );
  // pgbouncer refuses to run as root; -u drops to an unprivileged user.
  const args = process.getuid?.() === 0 ? ['-u', 'postgres', config] : [config];
  const child: ChildProcess = spawn(binary, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(options.port, 5_000);
  return {
    url: `postgres://${encodeURIComponent(user)}@127.0.0.1:${options.port}/${database}`,
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMillis: number): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`pgbouncer did not listen on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
