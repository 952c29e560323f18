import { registry } from "../../infra/metrics.ts";

export async function loader() {
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType },
  });
}
