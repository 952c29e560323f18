// The at-risk table's view state, kept in the URL so a view can be reloaded, shared and exported
// as CSV with exactly the same rows. Shared by the loader, the page and the CSV route.
import { SEVERITIES, type Severity } from "../../domain/alerts/types.ts";

export const SORT_KEYS = ["days", "revenue", "velocity", "stock"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

// The order a merchant expects first for each column: soonest stockout, most money, fastest
// seller, least stock.
export const DEFAULT_DIR: Record<SortKey, SortDir> = {
  days: "asc",
  revenue: "desc",
  velocity: "desc",
  stock: "asc",
};

export const PAGE_SIZES = [25, 50, 100] as const;

export type InventoryQuery = {
  sort: SortKey;
  dir: SortDir;
  severity: Severity[]; // empty = every at-risk severity
  location: string | null; // a location id (digits)
  vendor: string | null;
  productType: string | null;
  q: string; // title or SKU contains
  page: number; // 1-based
  pageSize: number;
};

export const DEFAULT_QUERY: InventoryQuery = {
  sort: "revenue",
  dir: "desc",
  severity: [],
  location: null,
  vendor: null,
  productType: null,
  q: "",
  page: 1,
  pageSize: 50,
};

export function parseInventoryQuery(p: URLSearchParams): InventoryQuery {
  const sort = (SORT_KEYS as readonly string[]).includes(p.get("sort") ?? "")
    ? (p.get("sort") as SortKey)
    : DEFAULT_QUERY.sort;
  const dirParam = p.get("dir");
  const dir: SortDir = dirParam === "asc" || dirParam === "desc" ? dirParam : DEFAULT_DIR[sort];
  const severity = (p.get("severity") ?? "")
    .split(",")
    .filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
  const location = /^\d{1,19}$/.test(p.get("location") ?? "") ? p.get("location") : null;
  const text = (key: string) => {
    const v = (p.get(key) ?? "").trim();
    return v ? v.slice(0, 255) : null;
  };
  const page = Math.max(1, Math.min(100_000, Number.parseInt(p.get("page") ?? "1", 10) || 1));
  const size = Number(p.get("pageSize"));
  return {
    sort,
    dir,
    severity: [...new Set(severity)],
    location,
    vendor: text("vendor"),
    productType: text("type"),
    q: (p.get("q") ?? "").trim().slice(0, 100),
    page,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_QUERY.pageSize,
  };
}

// Only what differs from the defaults, so URLs stay short and stable.
export function inventorySearch(q: InventoryQuery): string {
  const p = new URLSearchParams();
  if (q.sort !== DEFAULT_QUERY.sort) p.set("sort", q.sort);
  if (q.dir !== DEFAULT_DIR[q.sort]) p.set("dir", q.dir);
  if (q.severity.length) p.set("severity", q.severity.join(","));
  if (q.location) p.set("location", q.location);
  if (q.vendor) p.set("vendor", q.vendor);
  if (q.productType) p.set("type", q.productType);
  if (q.q) p.set("q", q.q);
  if (q.page > 1) p.set("page", String(q.page));
  if (q.pageSize !== DEFAULT_QUERY.pageSize) p.set("pageSize", String(q.pageSize));
  const s = p.toString();
  return s ? `?${s}` : "";
}
