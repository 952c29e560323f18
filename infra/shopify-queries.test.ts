// Every document the app sends to Shopify, checked against Shopify's published Admin schema of the
// API version the app declares (from @shopify/dev-mcp): valid, no deprecated fields, bulk queries
// within Shopify's bulk rules, bulk runs saying groupObjects. A bump of ADMIN_API_VERSION is
// checked here first (docs/decisions/0014-shopify-api-version.md).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as queries from "./shopify-queries.ts";
import { ADMIN_API_VERSION } from "./shopify-api-version.ts";
import { documentProblems, isGraphqlDocument } from "../tools/shopify-schema/check-documents.ts";
import { publishedSchema, publishedSchemaFile } from "../tools/shopify-schema/published-schema.ts";

const schema = () => publishedSchema(ADMIN_API_VERSION);

// The documents as sent: each exported document, and the orders export as the backfill builds it.
const documents = (Object.entries(queries) as [string, unknown][])
  .filter((e): e is [string, string] => typeof e[1] === "string" && isGraphqlDocument(e[1]))
  .concat([["ordersBulkQuery(since)", queries.ordersBulkQuery(new Date("2026-01-15T05:00:00Z"))]]);
const isBulk = (name: string) => /BULK_QUERY$|^ordersBulkQuery/.test(name);

describe(`the Admin API documents, against Shopify's published ${ADMIN_API_VERSION} schema`, () => {
  it("the declared version is the one shopify.app.toml subscribes with, and its schema is installed", () => {
    const toml = readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8");
    expect(/^\s*api_version\s*=\s*"([^"]+)"/m.exec(toml)?.[1]).toBe(ADMIN_API_VERSION);
    expect(() => statSync(publishedSchemaFile(ADMIN_API_VERSION))).not.toThrow();
  });

  it("covers every document the app exports", () => {
    expect(documents.map(([n]) => n).sort()).toEqual(
      [
        "BACKFILL_COUNTS_QUERY",
        "BULK_OPERATION_QUERY",
        "BULK_RUN_MUTATION",
        "CATALOG_BULK_QUERY",
        "INBOUND_SHIPMENT_LINES_QUERY",
        "INBOUND_TRANSFERS_QUERY",
        "INBOUND_TRANSFER_LINES_QUERY",
        "INVENTORY_LEVELS_BULK_QUERY",
        "INVENTORY_LEVELS_PAGE_QUERY",
        "LOCATIONS_QUERY",
        "ORDERS_BULK_QUERY",
        "REFUND_LINES_QUERY",
        "RUNNING_BULK_OPERATIONS_QUERY",
        "SHOP_QUERY",
        "ordersBulkQuery(since)",
      ].sort(),
    );
  });

  it.each(documents)(
    "%s is valid, uses nothing deprecated, and keeps the bulk rules",
    (name, doc) => {
      expect(documentProblems(doc, schema(), { bulk: isBulk(name) })).toEqual([]);
    },
  );

  it("sends no GraphQL from anywhere else (every document is checked here)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) {
          if (f !== "node_modules" && f !== "shopify-types") walk(p);
        } else if (
          /\.tsx?$/.test(f) &&
          !/\.test\.tsx?$/.test(f) &&
          !p.endsWith("shopify-queries.ts")
        ) {
          if (/\/\* GraphQL \*\/|#graphql/.test(readFileSync(p, "utf8"))) offenders.push(p);
        }
      }
    };
    const root = new URL("..", import.meta.url).pathname;
    for (const dir of ["app", "worker", "infra", "domain", "channels", "server"])
      walk(join(root, dir));
    expect(offenders).toEqual([]);
  });
});

describe("the check itself", () => {
  const problems = (doc: string, bulk = false) => documentProblems(doc, schema(), { bulk });

  it("fails on invalid documents", () => {
    expect(problems(`query { shop { nope } }`)[0]).toMatch(/Cannot query field "nope"/);
    expect(
      problems(`query Q($id: ID!) { node(id: $id) { id } } query Q { shop { id } }`)[0],
    ).toMatch(/only one operation named "Q"/);
  });

  it("fails on deprecated fields", () => {
    expect(problems(`query { currentBulkOperation { id } }`)[0]).toMatch(/deprecated/);
    expect(problems(`query { inventoryItem(id: "x") { variant { id } } }`)[0]).toMatch(
      /deprecated/,
    );
  });

  it("fails on a bulk run that leaves grouping to the default, and on bulk rule breaches", () => {
    expect(
      problems(
        `mutation($q: String!) { bulkOperationRunQuery(query: $q) { userErrors { message } } }`,
      ),
    ).toEqual(["bulkOperationRunQuery must pass groupObjects explicitly"]);
    expect(problems(`{ products(first: 5) { nodes { id } } }`, true)[0]).toMatch(/remove 'first'/);
    expect(
      problems(
        `{ orders { nodes { id refunds { id refundLineItems { nodes { id } } } } } }`,
        true,
      )[0],
    ).toMatch(/within a list field/);
  });
});
