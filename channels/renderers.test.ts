import { describe, expect, it } from "vitest";
import { buildDigest } from "../domain/alerts/digest.ts";
import { digestView } from "../domain/messages/digest.ts";
import { dayRange } from "../domain/messages/format.ts";
import { NASTY_TITLE, teeAlert } from "../domain/messages/test-fixtures.ts";
import type { AlertView } from "../domain/messages/view.ts";
import {
  DISCORD_LIMITS,
  embedSize,
  renderAlertDiscord,
  renderDigestDiscord,
} from "./discord/render.ts";
import { renderAlertEmail, renderDigestEmail } from "./email/render.ts";
import { renderAlert, renderTestAlert } from "./index.ts";
import { renderAlertSlack, renderDigestSlack, SLACK_LIMITS } from "./slack/render.ts";
import { renderAlertWebhook, renderDigestWebhook } from "./webhook/render.ts";

const RANGE = dayRange("2026-11-24", "2026-11-29", "2026-11-21");
const ADMIN =
  "https://admin.shopify.com/store/northwind-apparel/products/7981234567890/variants/43876543210987";
const APP =
  "https://admin.shopify.com/store/northwind-apparel/apps/stockout-radar/app/variants/43876543210987";
const nasty = () =>
  teeAlert({
    product: { id: "1", title: NASTY_TITLE, vendor: null },
    variant: { id: "2", title: "**Bold** @everyone", sku: "SKU_<1>" },
    location: { id: "9", name: "<script>alert(1)</script>" },
    kind: "out_of_stock",
    facts: { ...teeAlert().facts, available: 0, totalAvailable: 4 },
  });

describe("email", () => {
  it("renders the subject, plain text and HTML a merchant reads", () => {
    const e = renderAlertEmail(teeAlert());
    expect(e.subject).toBe(
      "[Critical] Classic Organic Tee – M / Black runs out around Nov 26 · reorder 60",
    );
    expect(e.text).toBe(
      [
        "[Critical] Classic Organic Tee – M / Black runs out around Nov 26",
        "",
        "Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.",
        "",
        "In stock:        6 (all locations)",
        "Sells:           1.8/day",
        `Runs out:        Nov 26 (likely ${RANGE})`,
        "Reorder:         60 units · reorder point 36",
        "Revenue at risk: $540",
        "SKU:             TEE-ORG-M-BLK",
        "",
        `Open in Shopify admin: ${ADMIN}`,
        `View forecast: ${APP}`,
        "",
        "-- Stockout radar for Northwind Apparel · Alert settings: https://admin.shopify.com/store/northwind-apparel/apps/stockout-radar/app/settings",
      ].join("\n"),
    );
    expect(e.html).toContain(">Classic Organic Tee – M / Black runs out around Nov 26</h1>");
    expect(e.html).toContain("background:#d72c0d;");
    expect(e.html).toContain(`<a href="${ADMIN}"`);
    expect(e.html).toContain(">Revenue at risk</td><td");
    expect(e.html).not.toMatch(/<style/);
  });

  it("escapes merchant text in HTML and keeps it readable in text", () => {
    const e = renderAlertEmail(nasty());
    expect(e.html).toContain(
      "&lt;b&gt;Tee &amp; &quot;Co&quot;&lt;/b&gt; – **Bold** @everyone is out of stock at &lt;script&gt;",
    );
    expect(e.html).not.toContain("<b>Tee");
    expect(e.html).not.toContain("<script>");
    expect(e.html).toContain("SKU_&lt;1&gt;");
    expect(e.text).toContain(
      '<b>Tee & "Co"</b> – **Bold** @everyone is out of stock at <script>alert(1)</script>',
    );
    expect(e.subject).not.toMatch(/[\r\n]/);
  });

  it("cannot be split into extra headers by a title with line breaks", () => {
    const e = renderAlertEmail(
      teeAlert({ product: { id: "1", title: "Tee\r\nBcc: victim@x.test" } }),
    );
    expect(e.subject).toBe(
      "[Critical] Tee Bcc: victim@x.test – M / Black runs out around Nov 26 · reorder 60",
    );
  });
});

describe("Discord", () => {
  it("renders an embed coloured by severity with the facts as fields", () => {
    expect(renderAlertDiscord(teeAlert())).toEqual({
      username: "Stockout radar",
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: "🔴 Classic Organic Tee – M / Black runs out around Nov 26",
          url: ADMIN,
          description:
            "**Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.**",
          color: 0xd72c0d,
          fields: [
            { name: "In stock", value: "6 (all locations)", inline: true },
            { name: "Sells", value: "1.8/day", inline: true },
            { name: "Runs out", value: `Nov 26 (likely ${RANGE})`, inline: false },
            { name: "Reorder", value: "60 units · reorder point 36", inline: true },
            { name: "Revenue at risk", value: "$540", inline: true },
            { name: "SKU", value: "TEE-ORG-M-BLK", inline: true },
            {
              name: "Links",
              value: `[Open in Shopify admin](${ADMIN}) · [View forecast](${APP})`,
              inline: false,
            },
          ],
          footer: { text: "Critical · Northwind Apparel · Stockout radar" },
          timestamp: "2026-11-21T14:05:00.000Z",
        },
      ],
    });
    expect(renderAlertDiscord(teeAlert({ severity: "warning" })).embeds[0]?.color).toBe(0xe8a33d);
    expect(renderAlertDiscord(teeAlert({ step: "resolve" })).embeds[0]?.color).toBe(0x2e8540);
  });

  it("escapes markdown and mentions in merchant text", () => {
    const e = renderAlertDiscord(nasty()).embeds[0];
    expect(e?.title).toBe(
      '🔴 \\<b>Tee & "Co"\\</b> – \\*\\*Bold\\*\\* @everyone is out of stock at \\<script>alert(1)\\</script>',
    );
    expect(e?.fields?.find((f) => f.name === "SKU")?.value).toBe("SKU\\_\\<1>");
  });

  it("stays within Discord's limits for absurd names", () => {
    const long = teeAlert({ product: { id: "1", title: "x".repeat(5000) } });
    const e = renderAlertDiscord(long).embeds[0]!;
    expect(e.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(e.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    for (const f of e.fields!)
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(embedSize(e)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
  });
});

describe("Slack", () => {
  it("renders Block Kit with the headline, action, facts and buttons", () => {
    expect(renderAlertSlack(teeAlert())).toEqual({
      text: "🔴 Critical: Classic Organic Tee – M / Black runs out around Nov 26. Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.",
      blocks: [
        {
          type: "header",
          text: {
            type: "plain_text",
            text: "🔴 Classic Organic Tee – M / Black runs out around Nov 26",
            emoji: true,
          },
        },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "*Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.*",
          },
        },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*In stock*\n6 (all locations)" },
            { type: "mrkdwn", text: "*Sells*\n1.8/day" },
            { type: "mrkdwn", text: `*Runs out*\nNov 26 (likely ${RANGE})` },
            { type: "mrkdwn", text: "*Reorder*\n60 units · reorder point 36" },
            { type: "mrkdwn", text: "*Revenue at risk*\n$540" },
            { type: "mrkdwn", text: "*SKU*\n`TEE-ORG-M-BLK`" },
          ],
        },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              text: { type: "plain_text", text: "Open in Shopify admin" },
              url: ADMIN,
              style: "primary",
              action_id: "open_admin",
            },
            {
              type: "button",
              text: { type: "plain_text", text: "View forecast" },
              url: APP,
              action_id: "open_app",
            },
          ],
        },
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: "Critical · Northwind Apparel · Stockout radar" }],
        },
      ],
    });
  });

  it("keeps merchant text literal: plain in the header, &<>-escaped in mrkdwn", () => {
    const m = renderAlertSlack(nasty());
    expect(m.blocks[0]).toEqual({
      type: "header",
      text: {
        type: "plain_text",
        text: '🔴 <b>Tee & "Co"</b> – **Bold** @everyone is out of stock at <script>alert(1)</script>',
        emoji: true,
      },
    });
    expect(m.text).toContain('&lt;b&gt;Tee &amp; "Co"&lt;/b&gt;');
    expect(JSON.stringify(m.blocks.slice(1))).not.toContain("<script>");
    const fields = m.blocks.find((b) => b.type === "section" && b.fields)!;
    expect(JSON.stringify(fields)).toContain("`SKU_&lt;1&gt;`");
  });

  it("truncates the header to Slack's 150 characters", () => {
    const m = renderAlertSlack(teeAlert({ product: { id: "1", title: "y".repeat(400) } }));
    const header = m.blocks[0];
    expect(header?.type === "header" && header.text.text.length).toBeLessThanOrEqual(
      SLACK_LIMITS.header,
    );
  });
});

describe("generic webhook", () => {
  it("sends a versioned JSON document with raw values", () => {
    const p = renderAlertWebhook(teeAlert());
    expect(p).toMatchObject({
      version: 1,
      type: "alert.opened",
      id: "812:open",
      createdAt: "2026-11-21T14:05:00.000Z",
      test: false,
      shop: {
        domain: "northwind-apparel.myshopify.com",
        name: "Northwind Apparel",
        currency: "USD",
        timezone: "America/New_York",
      },
      alert: {
        episodeId: "812",
        kind: "stockout_predicted",
        severity: "critical",
        previousSeverity: null,
        step: "open",
        product: { id: "7981234567890", title: "Classic Organic Tee", vendor: "Northwind" },
        variant: { id: "43876543210987", title: "M / Black", sku: "TEE-ORG-M-BLK" },
        location: null,
        stock: { available: 6, totalAvailable: 6, onOrder: 0 },
        forecast: {
          unitsPerDay: 1.8,
          daysOfCover: 3.3,
          stockoutP10: "2026-11-24",
          stockoutP50: "2026-11-26",
          stockoutP90: "2026-11-29",
          daysToStockout: 5,
        },
        reorder: { suggestedQty: 60, reorderPoint: 36, leadTimeDays: 14 },
        revenueAtRisk: { amount: 540, currency: "USD" },
        links: { admin: ADMIN, app: APP },
      },
    });
    expect(renderAlertWebhook(nasty()).alert?.product.title).toBe(NASTY_TITLE);
    expect(
      renderAlertWebhook(teeAlert({ step: "escalate", previousSeverity: "warning" })),
    ).toMatchObject({
      type: "alert.escalated",
      id: "812:escalate:critical",
      alert: { previousSeverity: "warning" },
    });
  });
});

describe("test alerts", () => {
  it("use the real renderers with sample data, clearly marked", () => {
    const shop = teeAlert().shop;
    const at = new Date("2026-11-21T14:05:00Z");
    const email = renderTestAlert("email", shop, at, "2026-11-21");
    expect(email.kind === "email" && email.email.subject).toBe(
      "[Test] Sample product runs out around Nov 26 · reorder 60",
    );
    const discord = renderTestAlert("discord", shop, at, "2026-11-21");
    expect(discord.kind === "discord" && discord.discord.embeds[0]?.color).toBe(0x6b7280);
    const hook = renderTestAlert("webhook", shop, at, "2026-11-21");
    expect(hook.kind === "webhook" && hook.webhook.type).toBe("alert.test");
  });
});

describe("digests", () => {
  const t = (m: number) => new Date(Date.UTC(2026, 10, 21, 10, m));
  const views: AlertView[] = [
    teeAlert(),
    teeAlert({
      episodeId: "813",
      kind: "out_of_stock",
      product: { id: "5", title: NASTY_TITLE },
      variant: { id: "6", title: "Default Title", sku: null },
      revenueAtRisk: 1200,
      facts: { ...teeAlert().facts, available: 0, totalAvailable: 0, suggestedQty: 24 },
    }),
    teeAlert({
      episodeId: "814",
      kind: "low_stock",
      severity: "attention",
      revenueAtRisk: 0,
      facts: { ...teeAlert().facts, available: 9, suggestedQty: null },
    }),
  ];
  const digest = buildDigest(
    views.map((view, i) => ({
      view,
      episodeId: view.episodeId,
      severity: view.severity,
      revenueAtRisk: view.revenueAtRisk,
      queuedAt: t(i),
      stillOpen: true,
    })),
  );
  const d = digestView(teeAlert().shop, "digest_daily", digest, new Date("2026-11-22T13:00:00Z"));

  it("renders an email digest ranked by revenue at risk", () => {
    const e = renderDigestEmail(d);
    expect(e.subject).toBe(
      "Daily stock digest: 3 alerts: 2 critical, 1 attention · $1,740 at risk",
    );
    expect(e.text.split("\n").slice(0, 12)).toEqual([
      "Daily stock digest for Northwind Apparel",
      "3 alerts: 2 critical, 1 attention · $1,740 at risk",
      "",
      '🔴 <b>Tee & "Co"</b>',
      "   out of stock · reorder 24 · $1,200 at risk",
      "   https://admin.shopify.com/store/northwind-apparel/products/5/variants/6",
      "🔴 Classic Organic Tee – M / Black",
      "   6 left · runs out ~Nov 26 · reorder 60 · $540 at risk",
      `   ${ADMIN}`,
      "🟡 Classic Organic Tee – M / Black",
      "   9 left (threshold 10)",
      `   ${ADMIN}`,
    ]);
    expect(e.html).toContain("&lt;b&gt;Tee &amp; &quot;Co&quot;&lt;/b&gt;</a>");
  });

  it("renders Discord and Slack digests with links per line", () => {
    const dc = renderDigestDiscord(d).embeds[0]!;
    expect(dc.title).toBe("Daily stock digest: 3 alerts: 2 critical, 1 attention · $1,740 at risk");
    expect(dc.color).toBe(0xd72c0d);
    expect(dc.description!.split("\n\n")[0]).toBe(
      '🔴 **[\\<b>Tee & "Co"\\</b>](https://admin.shopify.com/store/northwind-apparel/products/5/variants/6)**\nout of stock · reorder 24 · $1,200 at risk',
    );
    const sl = renderDigestSlack(d);
    expect(sl.blocks[2]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: '🔴 *<https://admin.shopify.com/store/northwind-apparel/products/5/variants/6|&lt;b&gt;Tee &amp; "Co"&lt;/b&gt;>*\nout of stock · reorder 24 · $1,200 at risk',
      },
    });
    expect(sl.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  });

  it("cuts long digests to the channel's limits and says how many more", () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      teeAlert({
        episodeId: String(i),
        product: { id: String(i), title: `Product ${i} ${"z".repeat(60)}` },
      }),
    );
    const big = {
      ...d,
      items: many,
      omitted: 0,
    };
    const dc = renderDigestDiscord(big).embeds[0]!;
    expect(dc.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(dc.description).toMatch(/…and \d+ more in the app/);
    const sl = renderDigestSlack(big);
    expect(sl.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(JSON.stringify(sl)).toContain("…and 75 more in the app");
    expect(renderDigestWebhook(d).digest?.alerts.map((a) => a.episodeId)).toEqual([
      "813",
      "812",
      "814",
    ]);
    expect(renderAlert("slack", teeAlert()).kind).toBe("slack");
  });
});
