// What Shopify would say about a document we send: invalid against the published schema of the
// declared version, using deprecated fields or enum values, and — for a bulk query — breaking the
// bulk rules. A `bulkOperationRunQuery` must also say `groupObjects` explicitly: its default
// changed in 2026-01 and the shape of the output depends on it.
import {
  Kind,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { bulkQueryProblem } from "./bulk-rules.ts";

export function documentProblems(
  source: string,
  schema: GraphQLSchema,
  opts: { bulk?: boolean } = {},
): string[] {
  let doc: DocumentNode;
  try {
    doc = parse(source);
  } catch (e) {
    return [`does not parse: ${(e as Error).message}`];
  }
  const problems = validate(schema, doc, [...specifiedRules, NoDeprecatedCustomRule]).map(
    (e) => e.message,
  );
  if (problems.length > 0) return problems;
  visit(doc, {
    Field(node) {
      if (node.name.value !== "bulkOperationRunQuery") return;
      if (!node.arguments?.some((a) => a.name.value === "groupObjects"))
        problems.push("bulkOperationRunQuery must pass groupObjects explicitly");
    },
  });
  if (opts.bulk) {
    const bulk = bulkQueryProblem(doc, schema);
    if (bulk) problems.push(bulk);
  }
  return problems;
}

/** True when the text is a GraphQL executable document (not any string a module exports). */
export function isGraphqlDocument(text: string): boolean {
  try {
    return parse(text).definitions.every(
      (d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION,
    );
  } catch {
    return false;
  }
}
