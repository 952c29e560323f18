// Shopify's bulk operation output: every node of every connection becomes one JSON line. Plain
// objects and lists stay inline in their line; nested connections are cut out, and each of their
// nodes gets its own line after its parent, pointing back with `__parentId` (the id of the nearest
// enclosing connection node). Root-level nodes have no `__parentId`.
import {
  Kind,
  getNamedType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { connectionNodeType, fieldsOf, isConnectionType } from "../shopify-schema/query-schema.ts";

export type JsonlLine = { root: boolean; object: Record<string, unknown> };

type Ctx = { schema: GraphQLSchema; fragments: Record<string, FragmentDefinitionNode> };

/** The field selections of a set, with fragments spread in (type conditions taken as matching). */
function collect(ctx: Ctx, set: SelectionSetNode, out: FieldNode[] = []): FieldNode[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) collect(ctx, sel.selectionSet, out);
    else {
      const frag = ctx.fragments[sel.name.value];
      if (frag) collect(ctx, frag.selectionSet, out);
    }
  }
  return out;
}

type Pending = {
  connectionType: GraphQLCompositeType;
  field: FieldNode;
  value: unknown;
  parentId: string | undefined;
};

function nodesOf(ctx: Ctx, p: Pending) {
  const conn = p.value as { edges?: { node: unknown }[]; nodes?: unknown[] } | null;
  const nodeType = connectionNodeType(p.connectionType);
  const out: { node: Record<string, unknown>; set: SelectionSetNode }[] = [];
  if (!conn) return { nodeType, out };
  for (const f of collect(ctx, p.field.selectionSet!)) {
    if (f.name.value === "nodes" && f.selectionSet) {
      for (const n of conn.nodes ?? [])
        out.push({ node: n as Record<string, unknown>, set: f.selectionSet });
    } else if (f.name.value === "edges" && f.selectionSet) {
      const nodeField = collect(ctx, f.selectionSet).find((x) => x.name.value === "node");
      if (!nodeField?.selectionSet) continue;
      for (const e of conn.edges ?? [])
        out.push({ node: e.node as Record<string, unknown>, set: nodeField.selectionSet });
    }
  }
  return { nodeType, out };
}

/**
 * Builds the inline part of one line, collecting the nested connections it must emit afterwards.
 */
function inline(
  ctx: Ctx,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  value: Record<string, unknown>,
  ownerId: string | undefined,
  pending: Pending[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of collect(ctx, set)) {
    const key = f.alias?.value ?? f.name.value;
    const v = value[key];
    const def = fieldsOf(type)[f.name.value];
    if (!def || !f.selectionSet || v === null || v === undefined) {
      if (key in value) out[key] = v;
      continue;
    }
    const named = getNamedType(def.type) as GraphQLCompositeType;
    if (isConnectionType(named)) {
      pending.push({ connectionType: named, field: f, value: v, parentId: ownerId });
    } else if (Array.isArray(v)) {
      out[key] = v.map((item) =>
        item === null ? null : inline(ctx, named, f.selectionSet!, item, ownerId, pending),
      );
    } else {
      out[key] = inline(ctx, named, f.selectionSet, v as Record<string, unknown>, ownerId, pending);
    }
  }
  return out;
}

function* emitConnection(ctx: Ctx, p: Pending): Generator<JsonlLine> {
  const { nodeType, out } = nodesOf(ctx, p);
  for (const { node, set } of out) {
    const children: Pending[] = [];
    const id = typeof node.id === "string" ? node.id : undefined;
    const object = inline(ctx, nodeType, set, node, id, children);
    if (p.parentId !== undefined) object.__parentId = p.parentId;
    yield { root: p.parentId === undefined, object };
    for (const c of children) yield* emitConnection(ctx, c);
  }
}

/** The lines of a bulk operation's result, in Shopify's order (each parent before its children). */
export function* flattenBulkResult(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  data: Record<string, unknown>,
  opts: { connectionsOnly?: boolean } = {},
): Generator<JsonlLine> {
  const ctx: Ctx = { schema, fragments };
  const pending: Pending[] = [];
  const root = schema.getQueryType()!;
  for (const f of collect(ctx, operation.selectionSet)) {
    const def = fieldsOf(root)[f.name.value];
    const value = data[f.alias?.value ?? f.name.value];
    if (!def || !f.selectionSet || value === null || value === undefined) continue;
    const named = getNamedType(def.type) as GraphQLCompositeType;
    if (isConnectionType(named)) {
      pending.push({ connectionType: named, field: f, value, parentId: undefined });
    } else if (!opts.connectionsOnly) {
      // A root object that is not a connection (e.g. `location(id:) { inventoryLevels {…} }`) is
      // walked for its connections, whose nodes are then root lines.
      inline(ctx, named, f.selectionSet, value as Record<string, unknown>, undefined, pending);
    }
  }
  for (const p of pending) yield* emitConnection(ctx, p);
}
