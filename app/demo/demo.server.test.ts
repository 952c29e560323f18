import { describe, expect, it } from "vitest";
import "@shopify/shopify-api/adapters/node";
import { shopifyApi, ApiVersion, LogSeverity } from "@shopify/shopify-api";
import { demoShop, embeddedUrl, hostParam, mintSessionToken } from "./demo.server.ts";

const api = shopifyApi({
  apiKey: "demo-key",
  apiSecretKey: "demo-secret",
  apiVersion: ApiVersion.October26,
  hostName: "localhost",
  isEmbeddedApp: true,
  scopes: [],
  logger: { level: LogSeverity.Error },
});

describe("the simulated admin's session tokens", () => {
  it("are accepted by @shopify/shopify-api for the shop they name", async () => {
    const { token } = mintSessionToken("demo-gear.myshopify.com", {
      apiKey: "demo-key",
      apiSecret: "demo-secret",
    });
    const payload = await api.session.decodeSessionToken(token);
    expect(new URL(payload.dest).hostname).toBe("demo-gear.myshopify.com");
    expect(payload.exp - payload.iat).toBe(60);
  });

  it("are refused when signed with another secret or expired", async () => {
    const other = mintSessionToken("demo-gear.myshopify.com", {
      apiKey: "demo-key",
      apiSecret: "nope",
    });
    await expect(api.session.decodeSessionToken(other.token)).rejects.toThrow();
    const old = mintSessionToken("demo-gear.myshopify.com", {
      apiKey: "demo-key",
      apiSecret: "demo-secret",
      now: Date.now() - 120_000,
    });
    await expect(api.session.decodeSessionToken(old.token)).rejects.toThrow();
  });

  it("come with a host parameter and URL the library accepts", () => {
    expect(api.utils.sanitizeHost(hostParam("demo-gear.myshopify.com"))).toBeTruthy();
    expect(embeddedUrl("a.myshopify.com", "https://evil.example/app", "t")).toMatch(/^\/app\?/);
    expect(embeddedUrl("a.myshopify.com", "/app/inventory", "t")).toMatch(
      /^\/app\/inventory\?embedded=1/,
    );
    expect(demoShop("Evil.com")).toBeNull();
    expect(demoShop(null)).toBe("demo-gear.myshopify.com");
  });
});
