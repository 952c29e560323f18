// Shopify's documented rules for bulk query documents (shopify.dev, "Perform bulk operations with
// the GraphQL Admin API", operation restrictions), checked against a schema: exactly one query
// operation; at least one connection and at most five; connections nested at most two deep; no
// connection inside a list field; the node holding a nested connection selects `id` unaliased;
// the top-level `node`/`nodes` fields cannot be used; and no `first`/`last` on connections (a bulk
// operation reads whole connections). The simulated store refuses what these refuse, and the
// schema test holds the app's bulk documents to them.
import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { connectionNodeType, fieldsOf, fragmentsOf, isConnectionType } from "./query-schema.ts";

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_DEPTH = 2;

/** Why Shopify would refuse this document as a bulk query, or null. Assumes it validates. */
export function bulkQueryProblem(doc: DocumentNode, schema: GraphQLSchema): string | null {
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (ops.length !== 1) return "Bulk queries must contain exactly one operation.";
  const op = ops[0]!;
  if (op.operation !== "query") return "Bulk queries must be query operations.";
  const fragments = fragmentsOf(doc);
  const typeOf = (name: string) => schema.getType(name) as GraphQLCompositeType;
  let connections = 0;
  let problem: string | null = null;

  const walk = (
    type: GraphQLCompositeType,
    set: SelectionSetNode,
    depth: number,
    inList: boolean,
  ) => {
    for (const sel of set.selections) {
      if (problem) return;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(
          sel.typeCondition ? typeOf(sel.typeCondition.name.value) : type,
          sel.selectionSet,
          depth,
          inList,
        );
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (frag) walk(typeOf(frag.typeCondition.name.value), frag.selectionSet, depth, inList);
        continue;
      }
      if (
        type === schema.getQueryType() &&
        (sel.name.value === "node" || sel.name.value === "nodes")
      ) {
        problem = `The top-level '${sel.name.value}' field can't be used in bulk queries.`;
        return;
      }
      const def = fieldsOf(type)[sel.name.value];
      if (!def || !sel.selectionSet) continue;
      const named = getNamedType(def.type) as GraphQLCompositeType;
      if (!isConnectionType(named)) {
        walk(named, sel.selectionSet, depth, inList || isListType(getNullableType(def.type)));
        continue;
      }
      connections++;
      problem = connectionProblem(sel, depth, inList);
      if (problem) return;
      const nodeType = connectionNodeType(named);
      for (const nodeSet of nodeSelections(sel)) {
        if (hasNestedConnection(schema, nodeType, nodeSet, fragments) && !selectsId(nodeSet)) {
          problem = `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'Node' type. Connection field: '${sel.name.value}'`;
          return;
        }
        walk(nodeType, nodeSet, depth + 1, false);
      }
    }
  };
  walk(schema.getQueryType()!, op.selectionSet, 0, false);
  if (problem) return problem;
  if (connections === 0) return "Bulk queries must contain at least one connection.";
  if (connections > MAX_BULK_CONNECTIONS)
    return `Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`;
  return null;
}

function connectionProblem(field: FieldNode, depth: number, inList: boolean): string | null {
  if (inList)
    return "Queries that contain a connection field within a list field are not currently supported.";
  if (depth + 1 > MAX_BULK_DEPTH)
    return `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_DEPTH}.`;
  const paging = field.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
  if (paging)
    return `Bulk queries read whole connections: remove '${paging.name.value}' from '${field.name.value}'.`;
  return null;
}

/** The selection sets applied to each node of a connection (via `nodes` or `edges.node`). */
function nodeSelections(connection: FieldNode): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  for (const inner of connection.selectionSet?.selections ?? []) {
    if (inner.kind !== Kind.FIELD || !inner.selectionSet) continue;
    if (inner.name.value === "nodes") out.push(inner.selectionSet);
    if (inner.name.value === "edges") {
      const n = inner.selectionSet.selections.find(
        (s) => s.kind === Kind.FIELD && s.name.value === "node",
      );
      if (n && n.kind === Kind.FIELD && n.selectionSet) out.push(n.selectionSet);
    }
  }
  return out;
}

function selectsId(set: SelectionSetNode): boolean {
  return set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias);
}

function hasNestedConnection(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments[sel.name.value];
      const on = frag && (schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType);
      if (frag && on && hasNestedConnection(schema, on, frag.selectionSet, fragments)) return true;
      continue;
    }
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (hasNestedConnection(schema, type, sel.selectionSet, fragments)) return true;
      continue;
    }
    const def = fieldsOf(type)[sel.name.value];
    if (!def || !sel.selectionSet) continue;
    const named = getNamedType(def.type) as GraphQLCompositeType;
    if (isConnectionType(named)) return true;
    if (hasNestedConnection(schema, named, sel.selectionSet, fragments)) return true;
  }
  return false;
}
