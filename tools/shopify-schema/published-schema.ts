// Shopify's published Admin GraphQL schema for the API version the app declares. The npm package
// @shopify/dev-mcp ships Shopify's introspection result per version (dist/data/admin_<v>.json.gz);
// it is the source of truth the app's documents are validated against and its response types
// generated from (docs/decisions/0014-shopify-api-version.md).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { ADMIN_API_VERSION } from "../../infra/shopify-api-version.ts";

/** The Admin API version every part of the app speaks (one line to change when bumping). */
export const DECLARED_API_VERSION: string = ADMIN_API_VERSION;

const require = createRequire(import.meta.url);

/** Where the installed @shopify/dev-mcp keeps the Admin schema of a version. */
/** An installed package's directory, found where Node would look (some export no package.json). */
export function packageDir(name: string): string | null {
  const roots = require.resolve.paths(name) ?? [];
  return roots.map((r) => join(r, name)).find((p) => existsSync(join(p, "package.json"))) ?? null;
}

export function publishedSchemaFile(version: string = DECLARED_API_VERSION): string {
  const pkg = packageDir("@shopify/dev-mcp");
  if (!pkg)
    throw new Error("@shopify/dev-mcp is not installed (it is a devDependency: npm install)");
  return join(pkg, "dist", "data", `admin_${version}.json.gz`);
}

const introspections = new Map<string, IntrospectionQuery>();
const schemas = new Map<string, GraphQLSchema>();

export function publishedIntrospection(version: string = DECLARED_API_VERSION): IntrospectionQuery {
  let found = introspections.get(version);
  if (!found) {
    const file = publishedSchemaFile(version);
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch {
      throw new Error(
        `Shopify's Admin schema for ${version} is not in the installed @shopify/dev-mcp (${file}); ` +
          "update the package (npm install -D @shopify/dev-mcp@latest) or check the version name",
      );
    }
    const parsed = JSON.parse(gunzipSync(raw).toString("utf8")) as { data?: IntrospectionQuery };
    if (!parsed.data?.__schema) throw new Error(`${file} holds no introspection result`);
    found = parsed.data;
    introspections.set(version, found);
  }
  return found;
}

export function publishedSchema(version: string = DECLARED_API_VERSION): GraphQLSchema {
  let schema = schemas.get(version);
  if (!schema) {
    schema = buildClientSchema(publishedIntrospection(version));
    schemas.set(version, schema);
  }
  return schema;
}
