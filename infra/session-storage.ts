// Shopify sessions in Postgres (the Prisma storage Shopify publishes), with access and refresh
// tokens sealed before they are written: a database dump alone never yields a usable token.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { PrismaClient } from "@prisma/client";
import { isSealed, type SecretBox } from "./crypto.ts";

export class SealedSessionStorage implements SessionStorage {
  private readonly inner: SessionStorage;
  private readonly box: SecretBox;

  constructor(prisma: PrismaClient, box: SecretBox) {
    this.inner = new PrismaSessionStorage(prisma);
    this.box = box;
  }

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(this.map(session, (v) => this.box.seal(v)));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session && this.map(session, (v) => (isSealed(v) ? this.box.open(v) : v));
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
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
