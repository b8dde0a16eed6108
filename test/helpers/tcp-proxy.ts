/**
 * Network faults for tests, on 127.0.0.1 only.
 *
 * `startTcpProxy` forwards a loopback port to a target (usually PostgreSQL) and
 * can pause traffic (a black hole that keeps sockets open), drop every
 * connection (both sides see a reset), and refuse new connections (the port
 * stops listening, so connects fail with ECONNREFUSED) until `accept()`.
 *
 * `startSilentServer` accepts TCP connections and never sends a byte: a hung
 * backend, or a load balancer whose target is gone.
 *
 * Usage:
 *   const proxy = await startTcpProxy({ targetUrl: db.url });
 *   const pool = createPool({ connectionString: proxy.url, ... });
 *   proxy.pause();   // queries hang from now on
 *   proxy.dropAll(); // every open connection is reset
 *   proxy.refuse();  // new connections fail with ECONNREFUSED
 *   proxy.accept();  // and work again
 *   await proxy.close();
 *
 * Both helpers are read-only for other suites (the router tests use them too):
 * change the API only in a backward-compatible way.
 */
import net from 'node:net';

export interface TcpProxyOptions {
  /** A `postgres://` URL whose host and port are the target; `url` keeps its other parts. */
  readonly targetUrl?: string;
  /** Target host when `targetUrl` is not given. Default 127.0.0.1. */
  readonly targetHost?: string;
  /** Target port when `targetUrl` is not given. */
  readonly targetPort?: number;
}

export interface TcpProxy {
  /** The loopback port the proxy listens on (stable across `refuse()`/`accept()`). */
  readonly port: number;
  /** `targetUrl` with host and port replaced by the proxy's (only when `targetUrl` was given). */
  readonly url: string;
  /** Client connections currently open through the proxy. */
  readonly openConnections: number;
  /** Connections accepted since start. */
  readonly acceptedConnections: number;
  /** True while new connections are held by pause(). */
  readonly paused: boolean;
  /**
   * Stop forwarding in both directions; sockets stay open and bytes wait. New connections are
   * held too, unless `{ newConnections: true }`: then only the connections open now go silent
   * (a NAT or firewall that forgot them) while new ones work.
   */
  pause(options?: { readonly newConnections?: boolean }): void;
  /** Forward again, delivering what waited. */
  resume(): void;
  /** Reset every open connection on both sides. New connections are still accepted. */
  dropAll(): void;
  /** Stop listening: new connections fail with ECONNREFUSED. Open connections are untouched. */
  refuse(): Promise<void>;
  /** Listen again on the same port after `refuse()`. */
  accept(): Promise<void>;
  /** Drop everything and stop listening. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  readonly upstream: net.Socket;
}

/** Starts a proxy on 127.0.0.1 (an ephemeral port) in front of the target. */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const target = resolveTarget(options);
  const pairs = new Set<Pair>();
  let paused = false;
  let accepted = 0;
  // Connections held by pause({ newConnections: true }): they stay held until resume().
  const held = new Set<Pair>();
  let server = net.createServer(onConnection);

  function onConnection(client: net.Socket): void {
    accepted++;
    const upstream = net.connect({ host: target.host, port: target.port });
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    // Data is forwarded by hand rather than with pipe() so pause() can hold both directions at once.
    forward(client, upstream, () => held.has(pair));
    forward(upstream, client, () => held.has(pair));
    if (paused) {
      held.add(pair);
      client.pause();
      upstream.pause();
    }
    const closeBoth = (): void => {
      pairs.delete(pair);
      held.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
  }

  const port = await listen(server, 0);

  const proxy: TcpProxy = {
    port,
    url: target.url === undefined ? '' : withHostPort(target.url, port),
    get openConnections() {
      return pairs.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    get paused() {
      return paused;
    },
    pause(options) {
      if (options?.newConnections !== true) paused = true;
      for (const pair of pairs) {
        held.add(pair);
        pair.client.pause();
        pair.upstream.pause();
      }
    },
    resume() {
      paused = false;
      for (const pair of held) {
        pair.client.resume();
        pair.upstream.resume();
      }
      held.clear();
    },
    dropAll() {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        held.delete(pair);
        pair.client.resetAndDestroy();
        pair.upstream.resetAndDestroy();
      }
    },
    async refuse() {
      if (!server.listening) return;
      // close() stops listening at once; its callback would wait for open connections to end.
      server.close();
      await new Promise((resolve) => setImmediate(resolve));
    },
    async accept() {
      if (server.listening) return;
      server = net.createServer(onConnection);
      await listen(server, port);
    },
    async close() {
      proxy.dropAll();
      await proxy.refuse();
    },
  };
  return proxy;
}

export interface SilentServer {
  readonly port: number;
  /** A postgres URL pointing at the silent server. */
  readonly url: string;
  /** Connections accepted since start. */
  readonly acceptedConnections: number;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that accepts connections and never answers. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, 0);
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    get acceptedConnections() {
      return accepted;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(from: net.Socket, to: net.Socket, isPaused: () => boolean): void {
  from.on('data', (chunk: Buffer) => {
    if (!to.write(chunk)) {
      from.pause();
      // A socket held by pause() must stay held even when the other side drains.
      to.once('drain', () => {
        if (!to.destroyed && !isPaused()) from.resume();
      });
    }
  });
  from.on('end', () => to.end());
}

async function listen(server: net.Server, port: number): Promise<number> {
  // Re-listening on the port just closed by refuse() can briefly fail with EADDRINUSE.
  for (let attempt = 0; ; attempt++) {
    try {
      return await listenOnce(server, port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function listenOnce(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the proxy has no TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}

function resolveTarget(options: TcpProxyOptions): { host: string; port: number; url: string | undefined } {
  if (options.targetUrl !== undefined) {
    const parsed = new URL(options.targetUrl);
    return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 5432), url: options.targetUrl };
  }
  if (options.targetPort === undefined) throw new Error('startTcpProxy needs targetUrl or targetPort');
  return { host: options.targetHost ?? '127.0.0.1', port: options.targetPort, url: undefined };
}

function withHostPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
