// Command line for the simulated Shopify store:
//   npm exec -- node tools/fake-shopify/main.ts --port 4100 --seed 42 --shop demo-gear.myshopify.com \
//     --webhook-target http://127.0.0.1:3000/webhooks --live
// Programmatic use: import { startFakeShopify } from "./tools/fake-shopify/main.ts".
import { parseArgs } from "node:util";
import { startFakeShopify } from "./server.ts";
import { generateShop, type Preset } from "./generate.ts";
import { shopStats } from "./stats.ts";
import { DEFAULT_SCOPES } from "./store.ts";

export { startFakeShopify } from "./server.ts";
export type { FakeShopify, FakeShopifyOptions, ShopSpec } from "./server.ts";
export { generateShop } from "./generate.ts";

const HELP = `Simulated Shopify store (OAuth token exchange, Admin GraphQL, bulk operations, webhooks)

Options:
  --port <n>             port to listen on (default 4100; 0 = any free port)
  --host <addr>          address to bind (default 127.0.0.1)
  --seed <s>             generation seed (default 42); same seed, same shop
  --shop <domain>        a shop to serve (repeatable; default demo-gear.myshopify.com)
  --preset demo|bench    demo: ~520 variants, ~9,000 orders; bench: ~4,500 variants, ~50,000 orders
  --history-days <n>     days of order history (default 90)
  --api-key <key>        app API key (default $SHOPIFY_API_KEY)
  --api-secret <secret>  app secret: signs webhooks, verifies session tokens (default $SHOPIFY_API_SECRET)
  --api-version <v>      version named in webhook headers (default 2026-10)
  --scopes <list>        granted scopes, comma separated (default ${DEFAULT_SCOPES.join(",")})
  --webhook-target <url> base URL for webhooks; the topic is appended (…/webhooks/orders/create)
  --live                 keep selling and restocking, sending webhooks
  --live-speed <n>       simulated seconds per real second (default 360)
  --bucket-max <n>       GraphQL cost bucket size (default 2000)
  --bucket-rate <n>      GraphQL cost restore rate per second (default 100)
  --drop-rate <p>        probability a webhook is lost (default 0)
  --duplicate-rate <p>   probability a webhook is delivered twice (default 0)
  --delay-ms <n>         delay before each webhook delivery (default 0)
  --reorder-ms <n>       random extra hold per webhook, so they overtake each other (default 0)
  --max-retries <n>      webhook retries after a failed delivery (default 8, like Shopify)
  --retry-base-ms <n>    first webhook retry delay, doubling each time (default 60000)
  --stats                print the generated shops' statistics and exit
  --help                 this text`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4100" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "42" },
      shop: { type: "string", multiple: true },
      preset: { type: "string", default: "demo" },
      "history-days": { type: "string" },
      "api-key": { type: "string" },
      "api-secret": { type: "string" },
      "api-version": { type: "string", default: "2026-10" },
      scopes: { type: "string" },
      "webhook-target": { type: "string" },
      live: { type: "boolean", default: false },
      "live-speed": { type: "string", default: "360" },
      "bucket-max": { type: "string", default: "2000" },
      "bucket-rate": { type: "string", default: "100" },
      "drop-rate": { type: "string", default: "0" },
      "duplicate-rate": { type: "string", default: "0" },
      "delay-ms": { type: "string", default: "0" },
      "reorder-ms": { type: "string", default: "0" },
      "max-retries": { type: "string", default: "8" },
      "retry-base-ms": { type: "string", default: "60000" },
      stats: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.preset !== "demo" && values.preset !== "bench")
    throw new Error("--preset is demo or bench");
  const preset = values.preset as Preset;
  const domains = values.shop?.length ? values.shop : ["demo-gear.myshopify.com"];
  const historyDays = values["history-days"] ? Number(values["history-days"]) : undefined;
  const seed = values.seed;

  if (values.stats) {
    domains.forEach((domain, i) => {
      const started = performance.now();
      const data = generateShop({
        seed: i === 0 ? seed : `${seed}/${domain}`,
        domain,
        preset,
        historyDays,
      });
      const ms = Math.round(performance.now() - started);
      console.log(JSON.stringify({ domain, generationMs: ms, ...shopStats(data) }, null, 2));
    });
    return;
  }

  const apiKey = values["api-key"] ?? process.env.SHOPIFY_API_KEY;
  const appSecret = values["api-secret"] ?? process.env.SHOPIFY_API_SECRET;
  if (!apiKey || !appSecret)
    throw new Error("--api-key and --api-secret (or SHOPIFY_API_KEY/SECRET) are required");
  const scopes = values.scopes
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

  const fake = await startFakeShopify({
    port: Number(values.port),
    host: values.host,
    seed,
    shops: domains.map((domain) => ({ domain, preset, historyDays, scopes })),
    apiKey,
    appSecret,
    apiVersion: values["api-version"],
    webhookTarget: values["webhook-target"] ?? null,
    bucket: {
      maximumAvailable: Number(values["bucket-max"]),
      restoreRate: Number(values["bucket-rate"]),
    },
    webhooks: {
      dropRate: Number(values["drop-rate"]),
      duplicateRate: Number(values["duplicate-rate"]),
      delayMs: Number(values["delay-ms"]),
      reorderWindowMs: Number(values["reorder-ms"]),
      maxRetries: Number(values["max-retries"]),
      retryBaseMs: Number(values["retry-base-ms"]),
    },
    live: values.live ? { speed: Number(values["live-speed"]) } : false,
    log: (message, fields) =>
      console.log(JSON.stringify({ time: new Date().toISOString(), message, ...fields })),
  });
  console.log(
    JSON.stringify({
      message: "fake shopify listening",
      url: fake.url,
      shops: fake.shops(),
      webhookTarget: values["webhook-target"] ?? null,
      live: values.live,
    }),
  );
  const stop = async () => {
    await fake.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.main) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
