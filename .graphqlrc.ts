// graphql-codegen through Shopify's preset, as Shopify's app template does, but over the local
// copy of Shopify's published schema (tools/shopify-schema/codegen-schema.ts writes it from
// @shopify/dev-mcp): `npm run codegen` regenerates infra/shopify-types/ offline.
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { DECLARED_API_VERSION } from "./tools/shopify-schema/published-schema.ts";

export default {
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: DECLARED_API_VERSION,
      documents: ["./infra/shopify-queries.ts"],
      outputDir: "./infra/shopify-types",
    }),
  },
};
