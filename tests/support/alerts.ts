// Alert test rig: the product's web and worker on their own database, the four channels' fakes
// (SendGrid, Discord, Slack, a signed-webhook receiver) reached through the real clients, and
// helpers to set a shop up the way a merchant would (settings, channels, a selling variant).
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { secretBox } from "../../infra/crypto.ts";
import { storeChannel } from "../../app/alerts/channels.server.ts";
import { channelSettingsSchema, type ChannelSettingsInput } from "../../channels/settings.ts";
import {
  startFakeDiscord,
  startFakeReceiver,
  startFakeSendGrid,
  startFakeSlack,
  type FakeDiscord,
  type FakeReceiver,
  type FakeSendGrid,
  type FakeSlack,
} from "../fakes/index.ts";
import { levelPayload, nextId, orderPayload } from "./payloads.ts";
import { settled, type TestShop } from "./shop.ts";
import { startProcess, startStack, stopProcess, waitFor, type Proc, type Stack } from "./stack.ts";

export const APP_SENDGRID_KEY = `SG.app-${randomBytes(6).toString("hex")}.${randomBytes(12).toString("hex")}`;
export const FROM_EMAIL = "alerts@stockout-radar.test";
export const SIGNING_SECRET = `whsec_${randomBytes(18).toString("hex")}`;

export type Fakes = {
  sendgrid: FakeSendGrid;
  discord: FakeDiscord;
  slack: FakeSlack;
  receiver: FakeReceiver;
};

export type AlertStack = Stack & {
  fakes: Fakes;
  recompute: Queue;
  alerts: Queue;
  workerEnv: Record<string, string>;
  extraWorkers: Proc[];
  startExtraWorker: (name: string, extra?: Record<string, string>) => Proc;
};

// The worker runs with NODE_ENV=test: the hooks that reach local fakes are refused in production.
export async function startAlertStack(
  o: { workerEnv?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<AlertStack> {
  const fakes: Fakes = {
    sendgrid: await startFakeSendGrid(),
    discord: await startFakeDiscord(),
    slack: await startFakeSlack(),
    receiver: await startFakeReceiver({ secret: SIGNING_SECRET }),
  };
  const stack = await startStack({ worker: false, env: o.env });
  const workerEnv: Record<string, string> = {
    NODE_ENV: "test",
    DISCORD_API_BASE: `${fakes.discord.url}/api`,
    SENDGRID_API_BASE: `${fakes.sendgrid.url}/`,
    ALLOW_PRIVATE_WEBHOOK_TARGETS: "1",
    SENDGRID_API_KEY: APP_SENDGRID_KEY,
    ALERT_FROM_EMAIL: FROM_EMAIL,
    ALERT_RETRY_BASE_MS: "100",
    ALERT_RETRY_MAX_MS: "2000",
    ALERT_SEND_TIMEOUT_MS: "2000",
    ...o.workerEnv,
  };
  await stack.startWorker(workerEnv);
  const extraWorkers: Proc[] = [];
  const close = stack.close;
  const redis = new Redis(stack.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const recompute = new Queue("recompute", { connection: redis, prefix: stack.queuePrefix });
  const alerts = new Queue("alerts", { connection: redis, prefix: stack.queuePrefix });
  return Object.assign(stack, {
    fakes,
    recompute,
    alerts,
    workerEnv,
    extraWorkers,
    startExtraWorker(name: string, extra: Record<string, string> = {}) {
      const p = startProcess(
        "worker/main.ts",
        { ...stack.env, ...workerEnv, WORKER_METRICS_PORT: "0", ...extra },
        name,
      );
      extraWorkers.push(p);
      return p;
    },
    async close() {
      await Promise.all(extraWorkers.map((p) => stopProcess(p)));
      await Promise.all([recompute.close(), alerts.close()]);
      redis.disconnect();
      await close();
      await Promise.all(Object.values(fakes).map((f) => f.close()));
    },
  });
}

export function boxFor(stack: Stack) {
  return secretBox(stack.env.ENCRYPTION_KEY!);
}

// Channels as the settings form would save them (validated, secret sealed). Slack, Teams and
// generic webhooks point at local http fakes, which the form refuses: those skip the URL rules
// only (validated with a real-looking URL, stored with the fake's).
const URL_FIELD: Record<string, [field: string, placeholder: string]> = {
  slack: ["webhookUrl", "https://hooks.slack.com/services/T0/B0/placeholder"],
  webhook: ["url", "https://example.com/hook"],
  teams: [
    "webhookUrl",
    "https://prod-00.westus.logic.azure.com:443/workflows/0/triggers/manual/paths/invoke?sig=x",
  ],
};

export async function addChannel(
  stack: Stack,
  shopId: number,
  input: ChannelSettingsInput,
): Promise<number> {
  const [field, placeholder] = URL_FIELD[input.kind] ?? [];
  const local = field && /^http:\/\/127\.0\.0\.1/.test(String(input.config[field]));
  let settings = channelSettingsSchema.parse(
    local ? { ...input, config: { ...input.config, [field]: placeholder } } : input,
  );
  if (local)
    settings = {
      ...settings,
      config: { ...settings.config, [field]: input.config[field] },
    } as typeof settings;
  return storeChannel(stack.db, boxFor(stack), shopId, settings as never);
}

export function discordWebhook(id = String(BigInt(nextId()) * 1_000_000_000_000n)) {
  const token = randomBytes(51).toString("base64url").slice(0, 68);
  return { id, token, url: `https://discord.com/api/webhooks/${id}/${token}` };
}

export function slackPath() {
  return `/services/T${nextId()}/B${nextId()}/${randomBytes(12).toString("hex")}`;
}

export async function setShopSettings(
  stack: Stack,
  shopId: number,
  settings: Record<string, unknown>,
) {
  await stack.db.query(
    `INSERT INTO shop_settings (shop_id, settings) VALUES ($1, $2)
     ON CONFLICT (shop_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [shopId, JSON.stringify(settings)],
  );
}

const DAY = 86_400_000;

// A variant with a sales history: out of stock for months, then `stock` units arrived `days + 1`
// days ago, `perDay` sold every day since (orders back-dated), and the current level is `now`.
export async function sellingVariant(
  stack: Stack,
  shop: TestShop,
  index: number,
  o: { days?: number; perDay?: number; stock?: number; now: number; location?: number },
): Promise<void> {
  const v = shop.variants[index]!;
  const days = o.days ?? 14;
  const location = o.location ?? 1;
  // Out of stock since before the forecast window: only the selling days below count as demand.
  await shop.send(
    "inventory_levels/update",
    levelPayload(v.inventoryItemId, location, 0, iso(Date.now() - 181 * DAY)),
  );
  await shop.send(
    "inventory_levels/update",
    levelPayload(v.inventoryItemId, location, o.stock ?? 500, iso(Date.now() - (days + 1) * DAY)),
  );
  // The worker applies events concurrently: let the stock arrive before the sales it explains.
  await settled(stack.db, shop.domain);
  for (let d = days; d >= 1; d--) {
    await shop.send(
      "orders/create",
      orderPayload(nextId(), [{ id: nextId(), variantId: v.id, quantity: o.perDay ?? 3 }], {
        createdAt: iso(Date.now() - d * DAY),
      }),
    );
  }
  await setLevel(shop, index, o.now, location);
  await settled(stack.db, shop.domain);
}

let tick = 0;
// Each update a little later than the last, so last-writer-wins always takes it.
export async function setLevel(shop: TestShop, index: number, available: number, location = 1) {
  const v = shop.variants[index]!;
  const r = await shop.send(
    "inventory_levels/update",
    levelPayload(v.inventoryItemId, location, available, iso(Date.now() + ++tick)),
  );
  if (r.status !== 200) throw new Error(`inventory webhook answered ${r.status}`);
  return r;
}

const iso = (ms: number) => new Date(ms).toISOString();

// Waits until the variant's forecast reflects `available`, nothing is left to recompute, and no
// recompute or alert-evaluation job is still queued or running.
export async function evaluated(
  stack: AlertStack,
  shop: TestShop,
  index: number,
  available: number,
) {
  const v = shop.variants[index]!;
  await settled(stack.db, shop.domain);
  await waitFor(`variant ${v.id} recomputed and evaluated at ${available}`, async () => {
    const { rows } = await stack.db.query(
      `SELECT (SELECT available FROM forecasts WHERE shop_id = $1 AND variant_id = $2) AS available,
              (SELECT count(*)::int FROM forecast_dirty WHERE shop_id = $1) AS dirty`,
      [shop.id, v.id],
    );
    if (rows[0]!.available !== available || rows[0]!.dirty !== 0) return false;
    for (const q of [stack.recompute, stack.alerts]) {
      const jobs = await q.getJobCounts("active", "waiting", "delayed", "prioritized");
      if (Object.values(jobs).some((n) => n > 0)) return false;
    }
    return true;
  });
}

export type NotificationRow = {
  id: string;
  channel_id: number;
  step: string;
  status: string;
  kind: string;
  variant_id: string;
  attempts: number;
  fallback_for: number | null;
  not_before: Date | null;
  sent_at: Date | null;
};

export async function notifications(stack: Stack, shopId: number): Promise<NotificationRow[]> {
  const { rows } = await stack.db.query<NotificationRow>(
    `SELECT n.id, n.channel_id, n.step, n.status, e.kind, e.variant_id, n.attempts, n.fallback_for,
            n.not_before, n.sent_at
     FROM alert_notifications n JOIN alert_episodes e ON e.id = n.episode_id
     WHERE n.shop_id = $1 ORDER BY n.id`,
    [shopId],
  );
  return rows;
}

export async function attempts(stack: Stack, shopId: number, channelId: number) {
  const { rows } = await stack.db.query<{
    outcome: string;
    response_code: number | null;
    error: string | null;
    duration_ms: number | null;
    retry_after_ms: number | null;
    notification_id: string | null;
  }>(
    `SELECT outcome, response_code, error, duration_ms, retry_after_ms, notification_id
     FROM delivery_attempts WHERE shop_id = $1 AND channel_id = $2 ORDER BY id`,
    [shopId, channelId],
  );
  return rows;
}

export async function episodes(stack: Stack, shopId: number) {
  const { rows } = await stack.db.query<{
    id: string;
    variant_id: string;
    location_id: string;
    kind: string;
    severity: string;
    peak_severity: string;
    state: string;
    open_notified: boolean;
  }>(
    `SELECT id, variant_id, location_id, kind, severity, peak_severity, state, open_notified
     FROM alert_episodes WHERE shop_id = $1 ORDER BY id`,
    [shopId],
  );
  return rows;
}

export async function dropTo(stack: AlertStack, shop: TestShop, index: number, units: number) {
  await setLevel(shop, index, units);
  await evaluated(stack, shop, index, units);
}

// Nothing is waiting to be delivered for the shop (every notification reached a final state).
export async function deliveriesDone(stack: Stack, shop: TestShop) {
  await waitFor(`deliveries of ${shop.domain} finished`, async () => {
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS n FROM alert_notifications WHERE shop_id = $1 AND status = 'pending'`,
      [shop.id],
    );
    return rows[0]!.n === 0;
  });
}
