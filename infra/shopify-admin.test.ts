import { describe, expect, it } from "vitest";
import {
  CostBucketEstimate,
  ShopifyAdminError,
  createShopifyAdmin,
  gidType,
  legacyId,
  levelInventoryItemId,
  streamBulkResults,
} from "./shopify-admin.ts";

type Reply = { status?: number; body: unknown };

/** A fetch that answers from a script and records what it was sent. */
function scripted(replies: Reply[]) {
  const calls: { url: string; token: string | null; body: string }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({
      url: String(input),
      token: headers.get("x-shopify-access-token"),
      body: String(init?.body ?? ""),
    });
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const status = (currentlyAvailable: number) => ({
  maximumAvailable: 100,
  currentlyAvailable,
  restoreRate: 50,
});
const ok = (available: number, requested = 40) => ({
  body: {
    data: { shop: { name: "Demo" } },
    extensions: {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: requested,
        throttleStatus: status(available),
      },
    },
  },
});
const throttled = (available: number, requested = 40) => ({
  body: {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: null,
        throttleStatus: status(available),
      },
    },
  },
});

function admin(shop: string, fetchImpl: typeof fetch, extra: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const client = createShopifyAdmin({
    shop,
    accessToken: "shpat_test",
    fetch: fetchImpl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => 1_000_000,
    retryInitialDelayMs: 1,
    retryMaxDelayMs: 2,
    ...extra,
  });
  return { client, sleeps };
}

describe("ShopifyAdmin.request", () => {
  it("waits out a THROTTLED answer for the time the bucket needs to refill, then succeeds", async () => {
    const { fetchImpl, calls } = scripted([throttled(10), ok(0)]);
    const { client, sleeps } = admin("a.myshopify.com", fetchImpl);
    const { data } = await client.request<{ shop: { name: string } }>("{ shop { name } }");
    expect(data.shop.name).toBe("Demo");
    expect(calls).toHaveLength(2);
    // (40 requested − 10 available) / 50 per second = 600 ms, plus a small margin.
    expect(sleeps).toEqual([625]);
    expect(calls[0]!.url).toBe("https://a.myshopify.com/admin/api/2026-10/graphql.json");
  });

  it("waits before sending when the last known cost does not fit the bucket", async () => {
    const { fetchImpl, calls } = scripted([ok(5), ok(100)]);
    const { client, sleeps } = admin("b.myshopify.com", fetchImpl);
    const query = "{ shop { name } } # b";
    await client.request(query);
    await client.request(query);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([725]); // (40 − 5) / 50 s
  });

  it("gives up after the allowed number of throttled waits", async () => {
    const { fetchImpl } = scripted([throttled(0)]);
    const { client } = admin("c.myshopify.com", fetchImpl, { maxThrottleWaits: 2 });
    await expect(client.request("{ shop { name } } # c")).rejects.toMatchObject({
      kind: "throttled",
      retryable: true,
    });
  });

  it("retries 5xx answers with back-off and succeeds", async () => {
    const { fetchImpl, calls } = scripted([
      { status: 502, body: {} },
      { status: 503, body: {} },
      ok(90),
    ]);
    const { client } = admin("d.myshopify.com", fetchImpl);
    await client.request("{ shop { name } } # d");
    expect(calls).toHaveLength(3);
  });

  it("stops retrying after maxAttempts and reports a retryable error", async () => {
    const { fetchImpl, calls } = scripted([{ status: 500, body: {} }]);
    const { client } = admin("e.myshopify.com", fetchImpl, { maxAttempts: 3 });
    const err = await client.request("{ shop { name } } # e").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShopifyAdminError);
    expect(err).toMatchObject({ kind: "http", status: 500, retryable: true });
    expect(calls).toHaveLength(3);
  });

  it("asks for a fresh token once after a 401", async () => {
    const { fetchImpl, calls } = scripted([{ status: 401, body: { errors: "invalid" } }, ok(90)]);
    const asked: boolean[] = [];
    const { client } = admin("f.myshopify.com", fetchImpl, {
      accessToken: async ({ refresh }: { refresh: boolean }) => {
        asked.push(refresh);
        return refresh ? "shpat_new" : "shpat_old";
      },
    });
    await client.request("{ shop { name } } # f");
    expect(asked).toEqual([false, true]);
    expect(calls.map((c) => c.token)).toEqual(["shpat_old", "shpat_new"]);
  });

  it("reports an auth error when the token stays refused (e.g. the app was uninstalled)", async () => {
    const { fetchImpl } = scripted([{ status: 401, body: { errors: "invalid" } }]);
    const { client } = admin("g.myshopify.com", fetchImpl);
    await expect(client.request("{ shop { name } } # g")).rejects.toMatchObject({
      kind: "auth",
      status: 401,
      retryable: false,
    });
  });

  it("turns GraphQL errors into an error with their code", async () => {
    const { fetchImpl } = scripted([
      { body: { errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }] } },
    ]);
    const { client } = admin("h.myshopify.com", fetchImpl);
    await expect(client.request("{ orders { nodes { id } } }")).rejects.toMatchObject({
      kind: "graphql",
      code: "ACCESS_DENIED",
    });
  });
});

describe("ShopifyAdmin bulk operations", () => {
  const op = (status: string, url: string | null = null) => ({
    body: {
      data: {
        bulkOperation: {
          id: "gid://shopify/BulkOperation/1",
          status,
          errorCode: null,
          objectCount: "2",
          url,
        },
      },
    },
  });

  it("polls with growing intervals until the operation ends", async () => {
    const { fetchImpl } = scripted([
      op("CREATED"),
      op("RUNNING"),
      op("RUNNING"),
      op("COMPLETED", "u"),
    ]);
    const { client, sleeps } = admin("i.myshopify.com", fetchImpl);
    const done = await client.waitForBulkOperation("gid://shopify/BulkOperation/1", {
      pollMs: 100,
    });
    expect(done.status).toBe("COMPLETED");
    expect(sleeps).toEqual([100, 150, 225]);
  });

  it("throws with the operation when it failed", async () => {
    const { fetchImpl, calls } = scripted([
      {
        body: {
          data: {
            bulkOperationRunQuery: {
              bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CREATED" },
              userErrors: [],
            },
          },
        },
      },
      op("FAILED"),
    ]);
    const { client } = admin("j.myshopify.com", fetchImpl);
    const err = (await client
      .runBulkQuery("{ orders { nodes { id } } }")
      .catch((e) => e)) as ShopifyAdminError;
    expect(err.kind).toBe("bulk");
    expect(err.bulkOperation?.status).toBe("FAILED");
    // Ungrouped output, said explicitly (the default changed in 2026-01; grouping is slower).
    expect(JSON.parse(calls[0]!.body).variables).toEqual({
      query: "{ orders { nodes { id } } }",
      groupObjects: false,
    });
  });

  it("reports a refused start with Shopify's code", async () => {
    const { fetchImpl } = scripted([
      {
        body: {
          data: {
            bulkOperationRunQuery: {
              bulkOperation: null,
              userErrors: [{ field: null, message: "limit reached", code: "LIMIT_REACHED" }],
            },
          },
        },
      },
    ]);
    const { client } = admin("k.myshopify.com", fetchImpl);
    await expect(client.startBulkQuery("{ orders { nodes { id } } }")).rejects.toMatchObject({
      kind: "bulk",
      code: "LIMIT_REACHED",
    });
  });
});

describe("streamBulkResults", () => {
  function chunked(text: string, size: number): typeof fetch {
    return (async () => {
      const bytes = new TextEncoder().encode(text);
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (i >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(i, i + size));
          i += size;
        },
      });
      return new Response(body, { status: 200 });
    }) as typeof fetch;
  }

  it("yields one record per line however the bytes are split", async () => {
    const text =
      '{"id":"gid://shopify/Order/1","name":"#1001 ☃"}\n' +
      '{"id":"gid://shopify/LineItem/2","quantity":2,"__parentId":"gid://shopify/Order/1"}\n';
    const out = [];
    for await (const r of streamBulkResults<{ id: string }>("https://x/r.jsonl", {
      fetch: chunked(text, 7),
    }))
      out.push(r);
    expect(out).toEqual([
      { id: "gid://shopify/Order/1", name: "#1001 ☃" },
      { id: "gid://shopify/LineItem/2", quantity: 2, __parentId: "gid://shopify/Order/1" },
    ]);
  });

  it("yields nothing for an operation without results (null url)", async () => {
    const out = [];
    for await (const r of streamBulkResults(null)) out.push(r);
    expect(out).toEqual([]);
  });

  it("fails on an expired link without retrying forever", async () => {
    let calls = 0;
    const expired = (async () => {
      calls++;
      return new Response("<Error><Code>ExpiredToken</Code></Error>", { status: 400 });
    }) as typeof fetch;
    const read = async () => {
      for await (const _ of streamBulkResults("https://x/r.jsonl", { fetch: expired })) void _;
    };
    await expect(read()).rejects.toMatchObject({ kind: "http", status: 400 });
    expect(calls).toBe(1);
  });
});

describe("cost bucket estimate", () => {
  it("refills by elapsed time and counts requests in flight", () => {
    const b = new CostBucketEstimate();
    expect(b.waitFor(500, 0)).toBe(0); // nothing known yet: just try
    b.settle(0, { maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 50 }, 0);
    expect(b.waitFor(100, 0)).toBe(0);
    b.reserve(100);
    expect(b.waitFor(100, 0)).toBe(2025);
    expect(b.waitFor(100, 1000)).toBe(1025);
    // A query dearer than the bucket waits for a full bucket, not forever.
    expect(b.waitFor(5000, 0)).toBe(20_025);
  });
});

describe("GID helpers", () => {
  it("reads types and legacy ids", () => {
    expect(gidType("gid://shopify/ProductVariant/42")).toBe("ProductVariant");
    expect(legacyId("gid://shopify/ProductVariant/42")).toBe("42");
    expect(legacyId("gid://shopify/InventoryLevel/7?inventory_item_id=9")).toBe("7");
    expect(levelInventoryItemId("gid://shopify/InventoryLevel/7?inventory_item_id=9")).toBe("9");
  });
});
