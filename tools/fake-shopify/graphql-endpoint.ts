// POST /admin/api/{version}/graphql.json: parse, validate, charge the shop's cost bucket, run, and
// report the cost in extensions, as Shopify does. A throttled request gets HTTP 200 with a
// THROTTLED error and nothing is charged.
import type { GraphQLError } from "graphql";
import {
  Kind,
  execute,
  parse,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from "graphql";
import { adminSchema } from "./resolvers.ts";
import { actualCost, requestedCost, type CostInput } from "./cost.ts";
import { fragmentsOf } from "../shopify-schema/query-schema.ts";
import type { LeakyBucket } from "./bucket.ts";
import type { GraphqlContext } from "./context.ts";

export const MAX_QUERY_COST = 1000;

export type GraphqlAnswer = { status: number; body: unknown };

type RequestBody = { query?: unknown; variables?: unknown; operationName?: unknown };

function errorJson(e: GraphQLError) {
  const out: Record<string, unknown> = { message: e.message };
  if (e.locations) out.locations = e.locations;
  if (e.path) out.path = e.path;
  out.extensions = { code: "GRAPHQL_VALIDATION_FAILED", ...e.extensions };
  return out;
}

export async function runGraphql(
  body: RequestBody,
  ctx: GraphqlContext,
  bucket: LeakyBucket,
): Promise<GraphqlAnswer> {
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const schema = adminSchema();
  let doc: DocumentNode;
  try {
    doc = parse(body.query);
  } catch (e) {
    return { status: 200, body: { errors: [errorJson(e as GraphQLError)] } };
  }
  const errors = validate(schema, doc);
  if (errors.length) return { status: 200, body: { errors: errors.map(errorJson) } };

  const operations = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations[0];
  if (!operation || (!operationName && operations.length > 1)) {
    const message = operationName
      ? `No operation named "${operationName}"`
      : "An operation name is required when the document holds several operations";
    return { status: 200, body: { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] } };
  }
  const fragments = fragmentsOf(doc);
  const variables =
    body.variables && typeof body.variables === "object"
      ? (body.variables as Record<string, unknown>)
      : {};
  const costInput: CostInput = { schema, operation, fragments, variables };
  const requested = requestedCost(costInput);

  if (requested > MAX_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
          },
        ],
      },
    };
  }
  if (!bucket.take(requested)) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: "Throttled",
            extensions: {
              code: "THROTTLED",
              documentation: "https://shopify.dev/api/usage/rate-limits",
            },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: requested,
            actualQueryCost: null,
            throttleStatus: bucket.status(),
          },
        },
      },
    };
  }

  const result = await execute({
    schema,
    document: doc,
    operationName,
    variableValues: variables,
    contextValue: ctx,
  });
  const actual = Math.min(requested, actualCost(costInput, result.data as Record<string, unknown>));
  bucket.refund(requested - actual);
  const out: Record<string, unknown> = {};
  if (result.errors?.length) {
    out.errors = result.errors.map((e) => ({
      message: e.message,
      locations: e.locations,
      path: e.path,
      extensions: e.extensions && Object.keys(e.extensions).length ? e.extensions : undefined,
    }));
  }
  out.data = result.data ?? null;
  out.extensions = {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: bucket.status(),
    },
  };
  return { status: 200, body: out };
}
