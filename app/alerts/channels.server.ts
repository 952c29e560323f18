// Saving a notification channel from the settings form: validated by the shared schema, the
// secret part (webhook URL, API key, signing secret) sealed with ENCRYPTION_KEY, only the safe
// part (recipients, sender, a masked hint) kept readable.
import type { Queryable } from "../../infra/db.ts";
import type { SecretBox } from "../../infra/crypto.ts";
import {
  channelSettingsSchema,
  splitChannelSecret,
  type ChannelSettings,
} from "../../channels/settings.ts";
import { fieldErrors } from "../../domain/settings.ts";
import { errorKey } from "../../i18n/index.ts";

export type SaveResult = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

export async function saveChannel(
  db: Queryable,
  box: SecretBox,
  shopId: number,
  input: unknown,
  channelId?: number,
): Promise<SaveResult> {
  const parsed = channelSettingsSchema.safeParse(input);
  // Catalogue keys: the form shows them in its reader's language.
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error, null) };
  if (parsed.data.fallbackChannelId !== null) {
    const fb = await db.query(`SELECT 1 FROM channels WHERE shop_id = $1 AND id = $2`, [
      shopId,
      parsed.data.fallbackChannelId,
    ]);
    if (fb.rowCount === 0 || parsed.data.fallbackChannelId === channelId)
      return { ok: false, errors: { fallbackChannelId: errorKey("errors.otherChannel") } };
  }
  return { ok: true, id: await storeChannel(db, box, shopId, parsed.data, channelId) };
}

// Writes already-validated settings. A changed destination is a fresh start: healthy again.
export async function storeChannel(
  db: Queryable,
  box: SecretBox,
  shopId: number,
  c: ChannelSettings,
  channelId?: number,
): Promise<number> {
  const { config, secret } = splitChannelSecret(c);
  const values = [
    shopId,
    c.kind,
    c.name,
    JSON.stringify(config),
    box.seal(JSON.stringify(secret)),
    c.mode,
    c.digestHour,
    c.digestWeekday,
    c.quietStart,
    c.quietEnd,
    c.minSeverity,
    c.enabled,
    c.fallbackChannelId,
    c.language,
  ];
  if (channelId === undefined) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO channels (shop_id, kind, name, config, secret_enc, mode, digest_hour, digest_weekday,
                             quiet_start, quiet_end, min_severity, enabled, fallback_channel_id, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      values,
    );
    return rows[0]!.id;
  }
  await db.query(
    `UPDATE channels SET kind = $2, name = $3, config = $4, secret_enc = $5, mode = $6, digest_hour = $7,
            digest_weekday = $8, quiet_start = $9, quiet_end = $10, min_severity = $11, enabled = $12,
            fallback_channel_id = $13, language = $14, healthy = true, unhealthy_reason = NULL,
            updated_at = now()
     WHERE shop_id = $1 AND id = $15`,
    [...values, channelId],
  );
  return channelId;
}
