import { describe, expect, it } from "vitest";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "./resolvers.ts";
import { flattenBulkResult } from "./jsonl.ts";

function lines(query: string, data: Record<string, unknown>) {
  const doc = parse(query);
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return [...flattenBulkResult(adminSchema(), op, {}, data)];
}

describe("flattenBulkResult", () => {
  it("puts each connection node on its own line, children after their parent with __parentId", () => {
    const out = lines(
      `{ products { edges { node { id title variants { edges { node { id sku } } } } } } }`,
      {
        products: {
          edges: [
            {
              node: {
                id: "gid://shopify/Product/1",
                title: "Tent",
                variants: {
                  edges: [{ node: { id: "gid://shopify/ProductVariant/11", sku: "T-1" } }],
                },
              },
            },
            {
              node: {
                id: "gid://shopify/Product/2",
                title: "Mug",
                variants: {
                  edges: [
                    { node: { id: "gid://shopify/ProductVariant/21", sku: null } },
                    { node: { id: "gid://shopify/ProductVariant/22", sku: "M-2" } },
                  ],
                },
              },
            },
          ],
        },
      },
    );
    expect(out.map((l) => JSON.stringify(l.object))).toEqual([
      '{"id":"gid://shopify/Product/1","title":"Tent"}',
      '{"id":"gid://shopify/ProductVariant/11","sku":"T-1","__parentId":"gid://shopify/Product/1"}',
      '{"id":"gid://shopify/Product/2","title":"Mug"}',
      '{"id":"gid://shopify/ProductVariant/21","sku":null,"__parentId":"gid://shopify/Product/2"}',
      '{"id":"gid://shopify/ProductVariant/22","sku":"M-2","__parentId":"gid://shopify/Product/2"}',
    ]);
    expect(out.map((l) => l.root)).toEqual([true, false, true, false, false]);
  });

  it("keeps plain objects and lists inline and lifts connections nested inside them", () => {
    const out = lines(
      `{ productVariants { nodes { id inventoryItem { id tracked inventoryLevels { nodes { id quantities(names: ["available"]) { name quantity } } } } } } }`,
      {
        productVariants: {
          nodes: [
            {
              id: "gid://shopify/ProductVariant/11",
              inventoryItem: {
                id: "gid://shopify/InventoryItem/5",
                tracked: true,
                inventoryLevels: {
                  nodes: [
                    {
                      id: "gid://shopify/InventoryLevel/9?inventory_item_id=5",
                      quantities: [{ name: "available", quantity: 3 }],
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    );
    expect(out.map((l) => l.object)).toEqual([
      {
        id: "gid://shopify/ProductVariant/11",
        inventoryItem: { id: "gid://shopify/InventoryItem/5", tracked: true },
      },
      {
        id: "gid://shopify/InventoryLevel/9?inventory_item_id=5",
        quantities: [{ name: "available", quantity: 3 }],
        __parentId: "gid://shopify/ProductVariant/11",
      },
    ]);
  });
});
