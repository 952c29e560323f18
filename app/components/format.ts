// Display formatting shared by every page. Pure and locale-stable (en-US), so the server render
// and the browser's hydration print the same text.
const nf = new Intl.NumberFormat("en-US");
const nf1 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : nf.format(n);
}

export function formatRate(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return n > 0 && n < 0.1 ? nf2.format(n) : nf1.format(n);
}

export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return "—";
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      maximumFractionDigits: amount >= 1000 ? 0 : 2,
    }).format(amount);
  } catch {
    return `${nf2.format(amount)} ${currency}`;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// "2026-03-05" → "Mar 5" (calendar days carry no time zone: never go through Date's local time).
export function formatDay(day: string | null | undefined, withYear = false): string {
  if (!day) return "—";
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  return `${MONTHS[m - 1]} ${d}${withYear ? `, ${y}` : ""}`;
}

export function formatRange(p10: string | null, p90: string | null, withYear = false): string {
  if (!p10 && !p90) return "No stockout expected";
  if (!p90) return `${formatDay(p10, withYear)} or later`;
  if (p10 === p90) return formatDay(p10, withYear);
  return `${formatDay(p10, withYear)} – ${formatDay(p90, withYear)}`;
}

// Instants in the shop's time zone, e.g. "Mar 5, 14:32".
export function formatInstant(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone,
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}

export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return "—";
  if (days === 0) return "Today";
  return days === 1 ? "1 day" : `${nf.format(days)} days`;
}

// "1 variant", "12 variants": every noun the app counts takes a plain s.
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined ? "—" : `${Math.round(p * 100)}%`;
}

export const KIND_LABEL: Record<string, string> = {
  stockout_predicted: "Stockout predicted",
  low_stock: "Low stock",
  out_of_stock: "Out of stock",
  stock_gap: "Order lands too late",
  dead_stock: "Dead stock",
  missing_data: "Missing data",
};

export function minutesToTime(m: number | null | undefined): string {
  if (m === null || m === undefined) return "";
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
