// The little server every fake is built on: records each request, lets a test script the next
// answers (status, delay, body, headers), and otherwise answers like the real API would.
// Used by the channel tests, the e2e benchmark and the local demo.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string; // without the query
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: string;
  json: unknown; // parsed body, or undefined when it is not JSON
  at: number; // Date.now() when the body was complete
};

export type Answer = {
  status: number;
  body?: unknown; // string: sent as is; anything else: JSON
  headers?: Record<string, string>;
  delayMs?: number; // wait before answering (slow or hanging upstreams)
};

export type FakeServer = {
  url: string; // http://127.0.0.1:PORT, no trailing slash
  port: number;
  requests: RecordedRequest[];
  // The next answers, in order, whatever the request; afterwards the fake answers normally.
  script(...answers: Partial<Answer>[]): void;
  // Resolves once `n` requests have been received in total.
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  reset(): void; // forget recorded requests and scripted answers
  close(): Promise<void>;
};

export type StartOptions = { port?: number; host?: string };

export async function startFakeServer(
  o: StartOptions,
  handle: (req: RecordedRequest) => Answer | Promise<Answer>,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const queue: Partial<Answer>[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const u = new URL(req.url ?? "/", "http://fake");
      let json: unknown;
      try {
        json = raw ? JSON.parse(raw) : undefined;
      } catch {
        json = undefined;
      }
      const rec: RecordedRequest = {
        method: req.method ?? "GET",
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        raw,
        json,
        at: Date.now(),
      };
      requests.push(rec);
      for (const w of waiters.filter((w) => requests.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const scripted = queue.shift();
      const answer: Answer =
        scripted?.status !== undefined
          ? { status: scripted.status, ...scripted }
          : { ...(await handle(rec)), ...(scripted ?? {}) };
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      if (res.destroyed) return;
      const isText = typeof answer.body === "string" || answer.body === undefined;
      const payload =
        answer.body === undefined ? "" : isText ? String(answer.body) : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...(answer.body !== undefined && {
          "content-type": isText ? "text/plain; charset=utf-8" : "application/json",
        }),
        ...answer.headers,
      });
      res.end(payload);
    });
  });

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${o.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    script: (...answers) => void queue.push(...answers),
    waitForRequests(n, timeoutMs = 5_000) {
      if (requests.length >= n) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${n} requests, got ${requests.length}`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(requests);
          },
        });
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
