import { describe, expect, it } from "vitest";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "./resolvers.ts";
import { actualCost, requestedCost } from "./cost.ts";
import { LeakyBucket } from "./bucket.ts";

function input(query: string, variables: Record<string, unknown> = {}) {
  const doc = parse(query);
  const operation = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return { schema: adminSchema(), operation, fragments: {}, variables };
}

describe("query cost", () => {
  it("charges 1 per object, 2 + first × node cost per connection, nothing for scalars", () => {
    const q = input(
      `query($n: Int!) { shop { name } products(first: $n) { nodes { id title variants(first: 5) { nodes { id inventoryItem { id } } } } } }`,
      { n: 10 },
    );
    // shop 1; products 2 + 10 × (1 + variants (2 + 5 × (1 + 1)))
    expect(requestedCost(q)).toBe(1 + 2 + 10 * (1 + 2 + 5 * 2));
  });

  it("charges what actually came back once the query ran", () => {
    const q = input(`{ products(first: 10) { edges { node { id } } } }`);
    const data = { products: { edges: [{ node: { id: "a" } }, { node: { id: "b" } }] } };
    expect(requestedCost(q)).toBe(12);
    expect(actualCost(q, data)).toBe(4);
  });

  it("charges 10 per mutation", () => {
    expect(
      requestedCost(
        input(`mutation { bulkOperationRunQuery(query: "{}") { userErrors { message } } }`),
      ),
    ).toBe(10);
  });
});

describe("LeakyBucket", () => {
  it("refuses what it does not hold and refills at the restore rate", () => {
    let now = 0;
    const bucket = new LeakyBucket(100, 50, () => now);
    expect(bucket.take(80)).toBe(true);
    expect(bucket.take(30)).toBe(false);
    expect(bucket.status().currentlyAvailable).toBe(20);
    now += 200; // +10 points
    expect(bucket.take(30)).toBe(true);
    now += 10_000;
    expect(bucket.status()).toEqual({
      maximumAvailable: 100,
      currentlyAvailable: 100,
      restoreRate: 50,
    });
    bucket.take(50);
    bucket.refund(20);
    expect(bucket.status().currentlyAvailable).toBe(70);
  });
});
