// The worker's own small HTTP port: Prometheus metrics and a health probe.
import http from "node:http";
import { registry } from "../infra/metrics.ts";

export function startWorkerHttp(
  port: number,
  health: () => Promise<Record<string, unknown>>,
): http.Server {
  const server = http.createServer(async (req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "content-type": registry.contentType });
      res.end(await registry.metrics());
    } else if (req.url === "/healthz") {
      const body = await health();
      res.writeHead(body.status === "ok" ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(port, "0.0.0.0");
  return server;
}
