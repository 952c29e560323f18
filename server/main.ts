// The web service: serves the Remix app (embedded admin pages, webhook intake, health, metrics)
// over node:http. Production serves the Vite build; development runs Vite in middleware mode.
import http from "node:http";
import path from "node:path";
import { createRequestListener } from "@remix-run/node-fetch-server";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import sirv from "sirv";
import { bootEnv } from "../infra/env.ts";
import { createLogger } from "../infra/log.ts";
import { installShopifyFakeOrigin } from "../infra/fake-origin.ts";

const config = bootEnv();
const log = createLogger("web", config.LOG_LEVEL);
if (config.SHOPIFY_FAKE_ORIGIN) installShopifyFakeOrigin(config.SHOPIFY_FAKE_ORIGIN);

// `npm run dev` serves app/ through Vite (hot reload); everything else serves the build.
const dev = process.env.RADAR_DEV_SERVER === "1";
const root = path.resolve(import.meta.dirname, "..");

type Build = ServerBuild & { entry: { module: { closeServices?: () => Promise<void> } } };

let handle: http.RequestListener;
let loadBuild: () => Promise<Build>;
if (dev) {
  const vite = await import("vite").then((v) =>
    v.createServer({ root, server: { middlewareMode: true } }),
  );
  loadBuild = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<Build>;
  const remix = createRequestHandler(() => loadBuild(), "development");
  const listener = createRequestListener((request) => remix(request));
  handle = (req, res) => vite.middlewares(req, res, () => listener(req, res));
} else {
  const build = (await import(path.join(root, "build/server/index.js"))) as Build;
  loadBuild = async () => build;
  const remix = createRequestHandler(build, "production");
  const listener = createRequestListener((request) => remix(request));
  const assets = sirv(path.join(root, "build/client"), { immutable: true, maxAge: 31536000 });
  handle = (req, res) => assets(req, res, () => listener(req, res));
}

const server = http.createServer(handle);
server.keepAliveTimeout = 65_000;
server.listen(config.PORT, () => log.info({ port: config.PORT, dev }, "web listening"));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "web shutting down");
  const force = setTimeout(() => {
    log.warn("shutdown timed out; exiting");
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await (await loadBuild()).entry.module.closeServices?.();
  clearTimeout(force);
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
