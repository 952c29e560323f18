// Shopify's calculated query cost: scalars and enums are free, an object costs 1, a connection
// costs 2 plus (first or last) times the cost of one node, a mutation costs 10. The requested cost
// is computed from the arguments before running; the actual cost from what came back.
import {
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { connectionNodeType, fieldsOf, isConnectionType } from "../shopify-schema/query-schema.ts";

const MUTATION_COST = 10;

type Walk = {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
};

/**
 * Cost of a selection on a value of `type`. With `data` (the response object for this selection)
 * it is the actual cost; without it, the requested cost.
 */
function selectionCost(
  w: Walk,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  data: Record<string, unknown> | undefined,
  actual: boolean,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition
        ? (w.schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType)
        : type;
      total += selectionCost(w, cond, sel.selectionSet, data, actual);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = w.fragments[sel.name.value];
      if (!frag) continue;
      const cond = w.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType;
      total += selectionCost(w, cond, frag.selectionSet, data, actual);
      continue;
    }
    if (sel.name.value.startsWith("__")) continue;
    const def = fieldsOf(type)[sel.name.value];
    if (!def || !sel.selectionSet) continue;
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) continue;
    const key = sel.alias?.value ?? sel.name.value;
    const value = data?.[key];
    if (actual && (value === null || value === undefined)) continue;

    if (isConnectionType(named)) {
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(def, sel, w.variables);
      } catch {}
      const perNode = (nodeData: Record<string, unknown> | undefined) =>
        connectionNodeCost(w, named, sel.selectionSet!, nodeData, actual);
      if (actual) {
        const conn = value as { edges?: { node: Record<string, unknown> }[]; nodes?: unknown[] };
        const nodes = (conn.edges?.map((e) => e.node) ?? conn.nodes ?? []) as Record<
          string,
          unknown
        >[];
        total += 2 + nodes.reduce((s, n) => s + perNode(n), 0);
      } else {
        const n = Number(args.first ?? args.last ?? 0);
        total += 2 + n * perNode(undefined);
      }
      continue;
    }

    if (isListType(getNullableType(def.type))) {
      if (actual) {
        for (const item of value as Record<string, unknown>[])
          if (item) total += 1 + selectionCost(w, named, sel.selectionSet, item, actual);
      } else {
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(def, sel, w.variables);
        } catch {}
        const listArg = (args.ids ?? args.names) as unknown[] | undefined;
        const n = Number(args.first ?? listArg?.length ?? 1);
        total += n * (1 + selectionCost(w, named, sel.selectionSet, undefined, actual));
      }
      continue;
    }

    total +=
      1 +
      selectionCost(
        w,
        named,
        sel.selectionSet,
        value as Record<string, unknown> | undefined,
        actual,
      );
  }
  return total;
}

// The node of a connection, reached through edges { node } or nodes; pageInfo is free.
function connectionNodeCost(
  w: Walk,
  connection: GraphQLCompositeType,
  set: SelectionSetNode,
  nodeData: Record<string, unknown> | undefined,
  actual: boolean,
): number {
  const nodeType = connectionNodeType(connection);
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD || !sel.selectionSet) continue;
    if (sel.name.value === "nodes") {
      cost += 1 + selectionCost(w, nodeType, sel.selectionSet, nodeData, actual);
    } else if (sel.name.value === "edges") {
      for (const inner of sel.selectionSet.selections) {
        if (inner.kind === Kind.FIELD && inner.name.value === "node" && inner.selectionSet)
          cost += 1 + selectionCost(w, nodeType, inner.selectionSet, nodeData, actual);
      }
    }
  }
  return cost;
}

export type CostInput = {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
};

export function requestedCost(input: CostInput): number {
  return cost(input, undefined, false);
}

export function actualCost(input: CostInput, data: Record<string, unknown> | null | undefined) {
  return cost(input, data ?? {}, true);
}

function cost(input: CostInput, data: Record<string, unknown> | undefined, actual: boolean) {
  const w: Walk = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === "mutation") {
    return input.operation.selectionSet.selections.length * MUTATION_COST;
  }
  const root = input.schema.getQueryType()!;
  return selectionCost(w, root, input.operation.selectionSet, data, actual);
}
