// Shopify sessions in Postgres (the Prisma storage Shopify publishes), with access and refresh
// tokens sealed before they are written: a database dump alone never yields a usable token.
// Loads are cached for a few seconds: every webhook looks up its shop's offline session, and a
// burst of webhooks from one shop should not cost one query each. Writes in this process
// invalidate at once; another replica's writes are seen within CACHE_TTL_MS.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { PrismaClient } from "@prisma/client";
import { isSealed, type SecretBox } from "./crypto.ts";

const CACHE_TTL_MS = 3_000;
const CACHE_MAX = 10_000;

export class SealedSessionStorage implements SessionStorage {
  private readonly inner: SessionStorage;
  private readonly box: SecretBox;
  private readonly cache = new Map<string, { at: number; session: Promise<Session | undefined> }>();

  constructor(prisma: PrismaClient, box: SecretBox) {
    this.inner = new PrismaSessionStorage(prisma);
    this.box = box;
  }

  storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    return this.inner.storeSession(this.map(session, (v) => this.box.seal(v)));
  }

  loadSession(id: string): Promise<Session | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.session;
    const session = this.inner
      .loadSession(id)
      .then((s) => s && this.map(s, (v) => (isSealed(v) ? this.box.open(v) : v)));
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { at: Date.now(), session });
    session.catch(() => this.cache.delete(id));
    return session;
  }

  deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.cache.delete(id);
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const sessions = await this.inner.findSessionsByShop(shop);
    return sessions.map((s) => this.map(s, (v) => (isSealed(v) ? this.box.open(v) : v)));
  }

  private map(session: Session, f: (value: string) => string): Session {
    const params = session.toObject();
    return new Session({
      ...params,
      accessToken: params.accessToken ? f(params.accessToken) : params.accessToken,
      refreshToken: params.refreshToken ? f(params.refreshToken) : params.refreshToken,
    });
  }
}
