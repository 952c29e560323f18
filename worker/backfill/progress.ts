// The backfill run's record: its resumable cursor (sync_runs.state), what it has done so far
// (stats), and the phase and percentage the dashboard's progress bar shows (sync_runs and
// shops.backfill_*). Every write also moves the run's heartbeat (sync_runs.updated_at), which the
// sweeper watches. Percentage writes are throttled; phase changes and cursors are written at once.
import type { Queryable } from "../../infra/db.ts";

/**
 * Steps in order. The refund lines come last: forecasts do not need them (the ledger already nets
 * refunds) and they are the step the cost bucket slows down, so the merchant's dashboard is ready
 * ("done") as soon as the forecasts are, while the run finishes this tail.
 */
export const STEPS = [
  "shop",
  "locations",
  "catalog",
  "orders",
  "derive",
  "forecast",
  "refunds",
] as const;
export type Step = (typeof STEPS)[number];

// Each step's share of the bar, from its start to the next one's: [from, to] percent.
const PCT: Record<Step, [number, number]> = {
  shop: [0, 2],
  locations: [2, 3],
  catalog: [3, 30],
  orders: [30, 80],
  derive: [80, 92],
  forecast: [92, 100],
  refunds: [100, 100], // sync_runs only: the shop shows done by then
};

export type BackfillState = {
  done: Step[];
  /** First local day read, and the instant it starts (orders are read from there). */
  sinceDay?: string;
  since?: string;
  totals?: { variants: number; orders: number };
  /** The one location that fulfils online orders (online sales are attributed to it), if one. */
  onlineLocationId?: string | null;
  catalogOp?: string | null;
  ordersOp?: string | null;
  refunds?: { ids: string[]; next: number };
  seconds?: Partial<Record<Step, number>>;
};

export type BackfillStats = Record<string, number>;

const MIN_PCT_INTERVAL_MS = 1_000;

export class RunProgress {
  readonly state: BackfillState;
  readonly stats: BackfillStats;
  private readonly db: Queryable;
  private readonly shopId: number;
  private readonly runId: string;
  private phase = "queued";
  private pct = 0;
  private lastWrite = 0;

  constructor(
    db: Queryable,
    shopId: number,
    runId: string,
    state: Partial<BackfillState>,
    stats: BackfillStats,
  ) {
    this.db = db;
    this.shopId = shopId;
    this.runId = runId;
    this.state = { ...state, done: state.done ?? [] };
    this.stats = stats;
  }

  /** The phase the bar shows now (names the step a failure happened in). */
  get phaseName(): string {
    return this.phase;
  }

  /** Enters a step: written at once. */
  async enter(step: Step): Promise<void> {
    this.phase = step;
    this.pct = Math.max(this.pct, PCT[step][0]);
    await this.write();
  }

  /** Progress within a step, as a fraction of it (0..1); written at most once a second. */
  async within(step: Step, fraction: number): Promise<void> {
    const [from, to] = PCT[step];
    const pct = Math.floor(from + (to - from) * Math.min(1, Math.max(0, fraction)));
    this.pct = Math.max(this.pct, pct);
    if (Date.now() - this.lastWrite >= MIN_PCT_INTERVAL_MS) await this.write();
  }

  /** A heartbeat while waiting (e.g. on a bulk operation), throttled like within(). */
  async beat(): Promise<void> {
    if (Date.now() - this.lastWrite >= MIN_PCT_INTERVAL_MS) await this.write();
  }

  /** Writes the cursor now (after a bulk operation starts, after a step ends). */
  async save(): Promise<void> {
    await this.write();
  }

  /** Forecasts are written: what the merchant waits for is there. */
  get shopReady(): boolean {
    return this.state.done.includes("forecast");
  }

  async write(): Promise<void> {
    this.lastWrite = Date.now();
    await this.db.query(
      `WITH run AS (
         UPDATE sync_runs SET phase = $3, pct = $4, state = $5, stats = $6, updated_at = now()
         WHERE shop_id = $1 AND id = $2 AND finished_at IS NULL
         RETURNING shop_id
       )
       UPDATE shops SET backfill_phase = CASE WHEN $7 THEN 'done' ELSE $3 END,
              backfill_pct = CASE WHEN $7 THEN 100 ELSE $4 END, backfill_error = NULL, backfill_at = now()
       WHERE id = $1 AND EXISTS (SELECT 1 FROM run)`,
      [
        this.shopId,
        this.runId,
        this.phase,
        this.pct,
        JSON.stringify(this.state),
        JSON.stringify(this.stats),
        this.shopReady,
      ],
    );
  }

  /** The run completed: 100 %, done. */
  async finish(): Promise<void> {
    this.phase = "done";
    this.pct = 100;
    await this.db.query(
      `WITH run AS (
         -- error keeps the last failure this run overcame (retried), for the record.
         UPDATE sync_runs SET phase = 'done', pct = 100, state = $3, stats = $4,
                updated_at = now(), finished_at = now()
         WHERE shop_id = $1 AND id = $2 AND finished_at IS NULL
         RETURNING shop_id
       )
       UPDATE shops SET backfill_phase = 'done', backfill_pct = 100, backfill_error = NULL, backfill_at = now()
       WHERE id = $1 AND EXISTS (SELECT 1 FROM run)`,
      [this.shopId, this.runId, JSON.stringify(this.state), JSON.stringify(this.stats)],
    );
  }
}

/** Records a failed attempt: the run keeps its phase; final failures end it. */
export async function recordRunError(
  db: Queryable,
  shopId: number,
  runId: string,
  reason: string,
  final: "failed" | "cancelled" | false,
): Promise<void> {
  await db.query(
    `WITH run AS (
       UPDATE sync_runs SET error = $3, updated_at = now(),
              phase = CASE WHEN $4::text IS NULL THEN phase ELSE $4 END,
              finished_at = CASE WHEN $4::text IS NULL THEN NULL ELSE now() END
       WHERE shop_id = $1 AND id = $2 AND finished_at IS NULL
       RETURNING shop_id
     )
     UPDATE shops SET backfill_error = $3, backfill_at = now(),
            backfill_phase = CASE WHEN $4::text IS NULL THEN backfill_phase ELSE $4 END
     WHERE id = $1 AND EXISTS (SELECT 1 FROM run)
       -- A failure in the tail after the forecasts (refund lines) leaves the dashboard as it is.
       AND shops.backfill_phase IS DISTINCT FROM 'done'`,
    [shopId, runId, reason.slice(0, 1000), final || null],
  );
}
