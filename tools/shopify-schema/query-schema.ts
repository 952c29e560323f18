// What the walks over a query document (cost, bulk validation, JSONL output) ask of the schema:
// a type's fields, which types are connections and what their nodes are, and the fragments a
// document defines.
import {
  Kind,
  getNamedType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
} from "graphql";

export function fieldsOf(
  type: GraphQLCompositeType,
): Record<string, GraphQLField<unknown, unknown>> {
  return "getFields" in type ? type.getFields() : {};
}

// The schema follows Shopify's naming: every connection type, and only those, ends so.
export function isConnectionType(type: GraphQLNamedType): boolean {
  return type.name.endsWith("Connection");
}

export function connectionNodeType(connection: GraphQLCompositeType): GraphQLCompositeType {
  return getNamedType(fieldsOf(connection).nodes!.type) as GraphQLCompositeType;
}

export function fragmentsOf(doc: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  return out;
}
