// Removing a channel in settings: it is gone for this shop only, and channels that fell back to
// it keep delivering, without a fallback.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { openFileDatabase } from "../support/file-database.ts";
import type { Db } from "../../infra/db.ts";
import { secretBox } from "../../infra/crypto.ts";
import { storeChannel } from "../../app/alerts/channels.server.ts";
import { deleteChannel } from "../../app/dashboard/channels.server.ts";
import { channelSettingsSchema } from "../../channels/settings.ts";

let db: Db;
beforeAll(async () => {
  const database = await openFileDatabase(2);
  db = database.db;
  return database.close;
});

const box = secretBox(randomBytes(32).toString("base64"));
const shop = async (domain: string) =>
  (await db.pool.query(`INSERT INTO shops (domain) VALUES ($1) RETURNING id`, [domain])).rows[0]
    .id as number;
const discord = (name: string, fallbackChannelId?: number) =>
  channelSettingsSchema.parse({
    kind: "discord",
    name,
    config: { webhookUrl: `https://discord.com/api/webhooks/123456789012345678/${"t".repeat(68)}` },
    ...(fallbackChannelId !== undefined ? { fallbackChannelId } : {}),
  });

describe("deleting a channel", () => {
  it("clears the fallback of channels that used it, and never touches another shop's", async () => {
    const a = await shop("delete-a.myshopify.com");
    const b = await shop("delete-b.myshopify.com");
    const backup = await storeChannel(db.pool, box, a, discord("Backup"));
    await storeChannel(db.pool, box, a, discord("Main", backup));
    const theirs = await storeChannel(db.pool, box, b, discord("Theirs"));

    expect(await deleteChannel(db.pool, a, theirs)).toBe(false); // shop A cannot remove B's
    expect(await deleteChannel(db.pool, a, backup)).toBe(true);
    expect(await deleteChannel(db.pool, a, backup)).toBe(false); // already gone

    const { rows } = await db.pool.query(
      `SELECT shop_id, name, fallback_channel_id FROM channels ORDER BY id`,
    );
    expect(rows).toEqual([
      { shop_id: a, name: "Main", fallback_channel_id: null },
      { shop_id: b, name: "Theirs", fallback_channel_id: null },
    ]);
  });
});
