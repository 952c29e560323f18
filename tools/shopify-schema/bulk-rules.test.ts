import { describe, expect, it } from "vitest";
import { parse } from "graphql";
import { bulkQueryProblem } from "./bulk-rules.ts";
import { publishedSchema } from "./published-schema.ts";
import { adminSchema } from "../fake-shopify/resolvers.ts";

// The same rules hold against Shopify's published schema and the simulated store's subset.
describe.each([
  ["Shopify's published schema", publishedSchema],
  ["the simulated store's schema", adminSchema],
])("bulkQueryProblem against %s", (_name, schema) => {
  const problem = (q: string) => bulkQueryProblem(parse(q), schema());

  it("accepts the shapes Shopify accepts", () => {
    expect(
      problem(`{ orders { edges { node { id lineItems { edges { node { id } } } } } } }`),
    ).toBeNull();
    expect(problem(`query Named { locations { nodes { id name } } }`)).toBeNull();
  });

  it("refuses what Shopify refuses", () => {
    expect(problem(`{ shop { name } }`)).toMatch(/at least one connection/);
    expect(
      problem(
        `{ products { nodes { id variants { nodes { id inventoryItem { id inventoryLevels { nodes { id } } } } } } } }`,
      ),
    ).toMatch(/nesting depth greater than 2/);
    expect(
      problem(`{ orders { nodes { id refunds { id refundLineItems { nodes { id } } } } } }`),
    ).toMatch(/within a list field/);
    expect(problem(`{ products { nodes { title variants { nodes { id } } } } }`)).toMatch(
      /must select the 'id' field/,
    );
    expect(problem(`mutation { bulkOperationCancel(id: "x") { userErrors { message } } }`)).toMatch(
      /query operations/,
    );
    expect(problem(`{ products(first: 10) { nodes { id } } }`)).toMatch(/remove 'first'/);
    expect(problem(`{ node(id: "gid://shopify/Product/1") { id } }`)).toMatch(/top-level 'node'/);
    const six = Array.from({ length: 6 }, (_, i) => `p${i}: products { nodes { id } }`).join(" ");
    expect(problem(`{ ${six} }`)).toMatch(/more than 5 connections/);
  });
});
