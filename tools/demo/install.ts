// Installs the demo shop the way a merchant does — opening the app from the admin with a session
// token, which the app's own auth code exchanges at the simulated store (afterAuth then enqueues
// the backfill) — and follows the backfill's progress until it is done.
import type pg from "pg";
import { embeddedUrl, mintSessionToken } from "../../app/demo/demo.server.ts";

const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export async function openAppAsAdmin(
  appUrl: string,
  shop: string,
  keys: { apiKey: string; apiSecret: string },
): Promise<number> {
  const { token } = mintSessionToken(shop, keys);
  const res = await fetch(`${appUrl}${embeddedUrl(shop, "/app", token)}`, {
    headers: { accept: "text/html", "user-agent": BROWSER_UA },
    redirect: "manual",
  });
  await res.arrayBuffer();
  return res.status;
}

export type BackfillReport = {
  seconds: number;
  steps: Record<string, number>;
  stats: Record<string, number>;
};

/** Waits for the shop's latest backfill, printing each phase and percentage as they change. */
export async function followBackfill(
  db: pg.Pool,
  shop: string,
  print: (line: string) => void,
  timeoutMs = 15 * 60_000,
): Promise<BackfillReport> {
  const started = Date.now();
  let last = "";
  for (;;) {
    const { rows } = await db.query<{
      phase: string | null;
      pct: number;
      error: string | null;
      run_phase: string | null;
      state: { seconds?: Record<string, number> } | null;
      stats: Record<string, number> | null;
      finished: boolean | null;
    }>(
      `SELECT s.backfill_phase AS phase, s.backfill_pct AS pct, s.backfill_error AS error,
              r.phase AS run_phase, r.state, r.stats, r.finished_at IS NOT NULL AS finished
       FROM shops s
       LEFT JOIN LATERAL (SELECT * FROM sync_runs WHERE shop_id = s.id AND kind = 'backfill'
                          ORDER BY id DESC LIMIT 1) r ON true
       WHERE s.domain = $1 AND s.status = 'installed'`,
      [shop],
    );
    const r = rows[0];
    if (r) {
      const line = `backfill: ${r.phase ?? "queued"} ${r.pct}%${r.error ? ` — ${r.error}` : ""}`;
      if (line !== last) print(line);
      last = line;
      if (r.finished) {
        if (r.run_phase !== "done")
          throw new Error(`backfill ${r.run_phase}: ${r.error ?? "no reason given"}`);
        return {
          seconds: (Date.now() - started) / 1000,
          steps: r.state?.seconds ?? {},
          stats: r.stats ?? {},
        };
      }
    }
    if (Date.now() - started > timeoutMs) throw new Error("the backfill did not finish in time");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
