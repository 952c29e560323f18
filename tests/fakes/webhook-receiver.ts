// A generic webhook receiver, written the way we tell merchants to write theirs: it checks
// X-Radar-Signature (HMAC-SHA256 of "<timestamp>.<raw body>") in constant time and refuses
// stale timestamps. Deliberately independent of channels/webhook.ts, so a bug in our signer
// cannot hide behind the same bug in the check.
import { createHmac, timingSafeEqual } from "node:crypto";
import {
  startFakeServer,
  type FakeServer,
  type RecordedRequest,
  type StartOptions,
} from "./harness.ts";

export type FakeReceiverOptions = StartOptions & {
  secret: string;
  toleranceSeconds?: number; // default 300
  now?: () => number; // ms, for replay tests
};

export type FakeReceiver = FakeServer & {
  verified: RecordedRequest[]; // requests whose signature checked out
};

export function checkSignature(
  secret: string,
  req: RecordedRequest,
  nowMs: number,
  toleranceSeconds: number,
): "ok" | "missing" | "stale" | "mismatch" {
  const sig = req.headers["x-radar-signature"];
  const ts = req.headers["x-radar-timestamp"];
  if (typeof sig !== "string" || typeof ts !== "string" || !/^\d+$/.test(ts)) return "missing";
  if (Math.abs(nowMs / 1000 - Number(ts)) > toleranceSeconds) return "stale";
  const want = Buffer.from(
    `sha256=${createHmac("sha256", secret).update(`${ts}.${req.raw}`).digest("hex")}`,
  );
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? "ok" : "mismatch";
}

export async function startFakeReceiver(o: FakeReceiverOptions): Promise<FakeReceiver> {
  const verified: RecordedRequest[] = [];
  const server = await startFakeServer(o, (req) => {
    if (req.method !== "POST") return { status: 405, body: { error: "method not allowed" } };
    const check = checkSignature(o.secret, req, o.now?.() ?? Date.now(), o.toleranceSeconds ?? 300);
    if (check !== "ok") return { status: 401, body: { error: `signature ${check}` } };
    verified.push(req);
    return { status: 200, body: { ok: true } };
  });
  return {
    ...server,
    verified,
    reset() {
      server.reset();
      verified.length = 0;
    },
  };
}
