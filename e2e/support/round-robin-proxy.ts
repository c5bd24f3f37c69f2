import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  readonly url: string;
  /** Requests each backend answered, by backend URL. */
  readonly answered: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/**
 * The load balancer of a scale-out deployment, as small as one can be: each request goes to the next backend in
 * turn, whole (the body is read first). A backend that cannot be reached or drops the connection gets a 502 with a
 * machine-readable code, and the client retries, as Segment's SDKs do on a 5xx; nothing is retried here, so a
 * request is never sent twice behind the client's back.
 */
export async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  const answered = new Map(backends.map((backend) => [backend, 0]));
  let next = 0;
  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const backend = backends[next++ % backends.length]!;
    const target = new URL(incoming.url ?? '/', backend);
    const upstream = request(target, { method: incoming.method, headers: { ...incoming.headers, host: target.host } }, (response) => {
      answered.set(backend, answered.get(backend)! + 1);
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (outgoing.headersSent) return outgoing.destroy();
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ code: 'backend_unavailable', message: `${backend}: ${error.code ?? error.message}` }));
    });
    upstream.end(Buffer.concat(chunks));
  };
  // A client that goes away while its body is read ends its own exchange, nothing else.
  const server = createServer((incoming, outgoing) => void forward(incoming, outgoing).catch(() => outgoing.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
