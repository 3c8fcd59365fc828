import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that, when armed, forwards the next
 * simple-protocol COMMIT to the server and then cuts the client connection
 * instead of passing on the server's answer: the transaction committed, the
 * client never hears so. The "ack lost" case of the ledger, made exact.
 */
export interface AckDroppingProxy {
  readonly port: number;
  /** Drop the acknowledgement of the next COMMIT that passes. */
  armNextCommit(): void;
  /** COMMITs whose acknowledgement was dropped so far. */
  readonly dropped: number;
  close(): Promise<void>;
}

/** Starts the proxy on a free port of 127.0.0.1. */
export async function startAckDroppingProxy(target: { host: string; port: number }): Promise<AckDroppingProxy> {
  let armed = false;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let cutOnNextAnswer = false;
    client.on('data', (chunk) => {
      // 'Q' message whose text is exactly COMMIT.
      if (armed && chunk.includes('COMMIT\0')) {
        armed = false;
        cutOnNextAnswer = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutOnNextAnswer) {
        dropped += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    armNextCommit: () => void (armed = true),
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
