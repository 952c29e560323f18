// The worker service (`npm run worker`). SIGTERM/SIGINT stop it gracefully within
// SHUTDOWN_TIMEOUT_MS: running jobs finish, unfinished ones are picked up again after restart.
import { bootEnv } from "../infra/env.ts";
import { createLogger } from "../infra/log.ts";
import { installShopifyFakeOrigin } from "../infra/fake-origin.ts";
import { startWorker } from "./runtime.ts";

const config = bootEnv();
const log = createLogger("worker", config.LOG_LEVEL);
if (config.SHOPIFY_FAKE_ORIGIN) installShopifyFakeOrigin(config.SHOPIFY_FAKE_ORIGIN);

const runtime = await startWorker(config, log);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker shutting down");
  const timer = setTimeout(() => {
    log.warn(
      { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
      "shutdown timed out; exiting with jobs still running",
    );
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  await runtime.close();
  clearTimeout(timer);
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
