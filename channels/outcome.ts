// What every channel module returns: a classified outcome the delivery layer can act on without
// knowing the provider. Retries, back-off and breakers live there, not here: each send is one
// attempt, and clients that would retry or queue on their own are configured not to.

export type SendOutcome =
  | { ok: true; status: number; providerId?: string; durationMs: number }
  | {
      ok: false;
      retryable: boolean;
      retryAfterMs?: number; // the provider said when to come back (429 Retry-After, retry_after)
      status?: number;
      error: string; // safe to log and show: never contains the URL, token or key
      permanent?: "unhealthy"; // the destination is gone or refuses us: stop and tell the merchant
      durationMs: number;
    };

export type Failure = Extract<SendOutcome, { ok: false }>;

export const DEFAULT_TIMEOUT_MS = 10_000;

// Retry-After is either delay-seconds (Discord and others send floats) or an HTTP date.
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// The default classification of an HTTP status; channels refine it with what their provider
// documents (e.g. which 4xx mean "this destination is gone").
export function classifyStatus(
  status: number,
  opts: { unhealthy?: readonly number[]; retryAfterMs?: number } = {},
): { retryable: boolean; permanent?: "unhealthy"; retryAfterMs?: number } {
  if (status === 429) return { retryable: true, retryAfterMs: opts.retryAfterMs };
  if (status === 408 || status === 425 || status >= 500)
    return opts.retryAfterMs !== undefined
      ? { retryable: true, retryAfterMs: opts.retryAfterMs }
      : { retryable: true };
  if (opts.unhealthy?.includes(status)) return { retryable: false, permanent: "unhealthy" };
  return { retryable: false };
}

// Last line of defence: whatever a client put in an error message, secrets do not leave here.
const PATTERNS: [RegExp, string][] = [
  [/\/webhooks\/\d+\/[\w-]+/g, "/webhooks/[redacted]"],
  [/hooks\.slack\.com\/[\w/-]+/g, "hooks.slack.com/[redacted]"],
  [/SG\.[\w-]+\.[\w-]+/g, "SG.[redacted]"],
  [/Bearer\s+\S+/gi, "Bearer [redacted]"],
  [/https?:\/\/[^\s"'<>]+/g, "[url]"],
];

export function scrub(message: string, secrets: readonly (string | undefined)[] = []): string {
  let out = message;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    out = out.split(s).join("[redacted]");
    const enc = encodeURIComponent(s);
    if (enc !== s) out = out.split(enc).join("[redacted]");
  }
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out.length > 500 ? `${out.slice(0, 499)}…` : out;
}

function isTimeout(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; cause?: unknown };
  return (
    e.name === "TimeoutError" ||
    e.name === "AbortError" ||
    e.code === "ECONNABORTED" ||
    e.code === "ETIMEDOUT" ||
    e.code === "UND_ERR_HEADERS_TIMEOUT" ||
    e.code === "UND_ERR_BODY_TIMEOUT" ||
    e.code === "UND_ERR_CONNECT_TIMEOUT" ||
    (e.cause !== undefined && e.cause !== err && isTimeout(e.cause))
  );
}

export function timedOut(timeoutMs: number, started: number): Failure {
  return {
    ok: false,
    retryable: true,
    error: `timed out after ${timeoutMs} ms`,
    durationMs: Date.now() - started,
  };
}

// The destination as configured can never work (not a valid URL, a private address): nothing was
// sent, and the merchant must fix the channel.
export function refused(error: string, durationMs = 0): Failure {
  return { ok: false, retryable: false, permanent: "unhealthy", error, durationMs };
}

// A request that got no HTTP answer: timeouts and connection errors are worth retrying.
export function networkFailure(
  err: unknown,
  timeoutMs: number,
  started: number,
  secrets: readonly (string | undefined)[],
): Failure {
  if (isTimeout(err)) return timedOut(timeoutMs, started);
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code;
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  return {
    ok: false,
    retryable: true,
    error: scrub(`network error${code ? ` ${code}` : ""}: ${msg}`, secrets),
    durationMs: Date.now() - started,
  };
}

// Test and demo hooks (local fake servers, plain http) must never be reachable in production.
export function assertTestOverrideAllowed(what: string): void {
  if (process.env.NODE_ENV === "production") {
    throw new Error(`${what} is for tests and the local demo only; refused in production`);
  }
}
