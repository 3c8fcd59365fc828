import net from 'node:net';

/**
 * How the proxy treats traffic:
 * - forward: a plain TCP relay;
 * - drop: every new connection is reset on accept;
 * - black-hole: new connections are accepted and nothing is forwarded, ever.
 */
export type ProxyMode = 'forward' | 'drop' | 'black-hole';

interface Pair {
  down: net.Socket;
  up: net.Socket | undefined;
  /** forward, black-hole (swallow both ways) or hidden (the client is not told that the server side closed). */
  state: 'forward' | 'black-hole' | 'hidden';
  upClosed: boolean;
}

/** A TCP proxy on 127.0.0.1 in front of a PostgreSQL, for making outages the client cannot tell apart from real ones. */
export class TcpProxy {
  mode: ProxyMode = 'forward';
  readonly #server: net.Server;
  readonly #pairs = new Set<Pair>();
  readonly #targetPort: number;
  #port = 0;
  /** Connections accepted so far, whatever happened to them. */
  accepted = 0;

  private constructor(targetPort: number) {
    this.#targetPort = targetPort;
    // Half-open sockets: a black hole must not answer a goodbye (FIN) either, as Node would by default.
    this.#server = net.createServer({ allowHalfOpen: true }, (socket) => this.#accept(socket));
  }

  /** Starts a proxy to 127.0.0.1:targetPort on a free port. */
  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.#port = (proxy.#server.address() as net.AddressInfo).port;
    return proxy;
  }

  get port(): number {
    return this.#port;
  }

  /** Connections currently held open by the proxy. */
  get openConnections(): number {
    return this.#pairs.size;
  }

  /** Resets every open connection, both sides. */
  dropAll(): void {
    for (const pair of this.#pairs) {
      pair.down.resetAndDestroy();
      pair.up?.destroy();
    }
  }

  /** Stops forwarding on every open connection, both ways, without closing anything. */
  blackHoleExisting(): void {
    for (const pair of this.#pairs) pair.state = 'black-hole';
  }

  /**
   * From now on the open connections hide what the server does: nothing it
   * sends (a FATAL message, its close) reaches the client; the client learns
   * only when it writes and gets its connection closed, as behind a NAT or
   * firewall that forgot the connection.
   */
  hideServerSideOfExisting(): void {
    for (const pair of this.#pairs) pair.state = 'hidden';
  }

  async close(): Promise<void> {
    for (const pair of this.#pairs) {
      pair.down.destroy();
      pair.up?.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(down: net.Socket): void {
    this.accepted += 1;
    down.on('error', () => undefined);
    if (this.mode === 'drop') {
      down.resetAndDestroy();
      return;
    }
    const pair: Pair = { down, up: undefined, state: this.mode === 'black-hole' ? 'black-hole' : 'forward', upClosed: false };
    this.#pairs.add(pair);
    down.on('close', () => {
      this.#pairs.delete(pair);
      pair.up?.destroy();
    });
    down.on('end', () => {
      if (pair.state === 'forward') pair.up?.end();
    });
    down.on('data', (chunk) => {
      if (pair.state === 'forward') pair.up?.write(chunk);
      else if (pair.state === 'hidden' && pair.upClosed) down.destroy();
      else if (pair.state === 'hidden') pair.up?.write(chunk);
    });
    if (pair.state === 'black-hole') return;
    const up = net.connect({ host: '127.0.0.1', port: this.#targetPort, allowHalfOpen: true });
    pair.up = up;
    up.on('error', () => undefined);
    up.on('data', (chunk) => {
      if (pair.state === 'forward') down.write(chunk);
    });
    up.on('end', () => {
      // The server said goodbye: pass it on, unless the client is not to know.
      pair.upClosed = true;
      if (pair.state === 'forward') down.end();
      else up.destroy();
    });
    up.on('close', () => {
      pair.upClosed = true;
      if (pair.state === 'forward') down.destroy();
    });
  }
}
