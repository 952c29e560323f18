// Notification channels as the settings page sees them. Secrets are write-only: nothing here
// ever returns one to the browser; the page shows the masked hint splitChannelSecret keeps in
// config. Editing a channel with a secret field left blank keeps the stored secret.
import type { Queryable } from "../../infra/db.ts";
import type { SecretBox } from "../../infra/crypto.ts";
import {
  channelModule,
  CHANNEL_KINDS,
  isChannelKind,
  type ChannelKind,
} from "../../channels/registry.ts";
import type { FormField } from "../../channels/kind.ts";
import { saveChannel, type SaveResult } from "../alerts/channels.server.ts";
import { formToObject } from "./forms.ts";
import { errorKey } from "../../i18n/index.ts";

// What the channel form offers per kind, as plain data for the browser (no module code ships).
export type ChannelKindView = { kind: ChannelKind; label: string; fields: readonly FormField[] };

export function channelKinds(): ChannelKindView[] {
  return CHANNEL_KINDS.map((kind) => {
    const m = channelModule(kind);
    return { kind, label: m.label, fields: m.form };
  });
}

export type ChannelView = {
  id: number;
  kind: string;
  name: string;
  enabled: boolean;
  mode: string;
  digestHour: number;
  digestWeekday: number;
  quietStart: number | null;
  quietEnd: number | null;
  minSeverity: string;
  fallbackChannelId: number | null;
  language: string | null;
  healthy: boolean;
  unhealthyReason: string | null;
  // Only what is safe to show: the form's non-secret values (recipients, sender, chat ids) and
  // a one-line summary with masked hints.
  values: Record<string, string>;
  summary: string;
  hint: string | null;
  hasSecret: boolean;
};

type RawChannel = {
  id: number;
  kind: string;
  name: string;
  enabled: boolean;
  mode: string;
  digest_hour: number;
  digest_weekday: number;
  quiet_start: number | null;
  quiet_end: number | null;
  min_severity: string;
  fallback_channel_id: number | null;
  language: string | null;
  healthy: boolean;
  unhealthy_reason: string | null;
  config: Record<string, unknown> | null;
  has_secret: boolean;
};

export async function listChannels(db: Queryable, shopId: number): Promise<ChannelView[]> {
  const { rows } = await db.query<RawChannel>(
    `SELECT id, kind, name, enabled, mode, digest_hour, digest_weekday, quiet_start, quiet_end,
            min_severity, fallback_channel_id, language, healthy, unhealthy_reason, config,
            secret_enc IS NOT NULL AS has_secret
     FROM channels WHERE shop_id = $1 ORDER BY name, id`,
    [shopId],
  );
  return rows.map(toView);
}

function toView(r: RawChannel): ChannelView {
  const c = r.config ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const m = isChannelKind(r.kind) ? channelModule(r.kind) : null;
  const values: Record<string, string> = {};
  for (const f of m?.form ?? []) {
    if (f.secret) continue;
    const v = f.name.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], c);
    if (Array.isArray(v)) values[f.name] = v.join("\n");
    else if (typeof v === "string" || typeof v === "number") values[f.name] = String(v);
  }
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    enabled: r.enabled,
    mode: r.mode,
    digestHour: r.digest_hour,
    digestWeekday: r.digest_weekday,
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    minSeverity: r.min_severity,
    fallbackChannelId: r.fallback_channel_id,
    language: r.language,
    healthy: r.healthy,
    unhealthyReason: r.unhealthy_reason,
    values,
    summary: m?.summary(c) ?? "",
    hint: str(c.hint) ?? str(c.apiKeyHint),
    hasSecret: r.has_secret,
  };
}

export type ChannelSaveResult = SaveResult;

// Validation, sealing and the write are the alerts module's (app/alerts/channels.server.ts);
// this adds what the form needs: a channel keeps its kind, and blank secret fields keep the
// stored secret, which the browser never had.
export async function saveChannelForm(
  db: Queryable,
  box: SecretBox,
  shopId: number,
  form: FormData,
): Promise<ChannelSaveResult> {
  const idRaw = String(form.get("id") ?? "");
  const id = /^\d{1,9}$/.test(idRaw) ? Number(idRaw) : undefined;
  const input = formToObject(form, ["id"]);
  if (id !== undefined) {
    const { rows } = await db.query<{ kind: string; secret_enc: string | null }>(
      `SELECT kind, secret_enc FROM channels WHERE shop_id = $1 AND id = $2`,
      [shopId, id],
    );
    if (!rows[0]) return { ok: false, errors: { _form: errorKey("errors.channelGone") } };
    const stored = openSecret(box, rows[0].secret_enc);
    input.kind = rows[0].kind;
    const config = (input.config ??= {}) as Record<string, unknown>;
    // The kind's secret fields: blank on edit means "keep what is stored".
    const fields = isChannelKind(rows[0].kind) ? channelModule(rows[0].kind).form : [];
    for (const { name, secret } of fields) {
      if (!secret) continue;
      const given = config[name];
      if ((given === undefined || given === "") && stored[name] !== undefined)
        config[name] = stored[name];
    }
  }
  return saveChannel(db, box, shopId, input, id);
}

export async function deleteChannel(db: Queryable, shopId: number, id: number): Promise<boolean> {
  // One statement: channels that fell back to it deliver without a fallback from now on, never
  // pointing at a channel that is gone.
  const { rows } = await db.query<{ deleted: number }>(
    `WITH gone AS (DELETE FROM channels WHERE shop_id = $1 AND id = $2 RETURNING id),
     cleared AS (
       UPDATE channels SET fallback_channel_id = NULL
       WHERE shop_id = $1 AND fallback_channel_id IN (SELECT id FROM gone)
     )
     SELECT count(*)::int AS deleted FROM gone`,
    [shopId, id],
  );
  return rows[0]!.deleted > 0;
}

function openSecret(box: SecretBox, sealed: string | null): Record<string, unknown> {
  if (!sealed) return {};
  try {
    const v = JSON.parse(box.open(sealed));
    return typeof v === "object" && v !== null ? v : {};
  } catch {
    return {};
  }
}
