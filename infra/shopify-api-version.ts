// The Admin API version the whole app speaks: the web (shopify-app-remix), the worker's Admin API
// client and token refresh, the schema the documents are validated against and the types are
// generated from. Bumping it is this line and `[webhooks] api_version` in shopify.app.toml (a test
// holds them equal), then whatever the schema test says broke (docs/decisions/0014).
import { ApiVersion } from "@shopify/shopify-api";

export const ADMIN_API_VERSION = ApiVersion.October26;
