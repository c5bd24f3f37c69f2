import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves test pages from a real loopback origin: Chromium only lets pages from a local address call a local
 * LeadPulse, so intercepted (route-fulfilled) pages would be refused before the tracker could run.
 */
export async function startPageServer() {
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const body = pages.get((request.url ?? '/').split('?')[0]!) ?? pages.get('*');
    response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Serves `html` at `path`, or at every path with '*'. */
    set: (path: string, html: string) => void pages.set(path, html),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
