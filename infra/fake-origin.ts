// Demo and tests only: sends every request for https://<shop>.myshopify.com to a local simulated
// store, so the official Shopify clients run unchanged against it. The original host travels in
// x-forwarded-host. Refused in production (env validation rejects SHOPIFY_FAKE_ORIGIN there too).
import { Agent, setGlobalDispatcher, type Dispatcher } from "undici";

export function installShopifyFakeOrigin(origin: string): void {
  if (process.env.NODE_ENV === "production") {
    throw new Error("refusing to redirect Shopify traffic to a fake store in production");
  }
  const target = new URL(origin);
  const redirect: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
    const from = new URL(String(opts.origin));
    if (!from.hostname.endsWith(".myshopify.com")) return dispatch(opts, handler);
    const headers = toRecord(opts.headers);
    headers["x-forwarded-host"] = from.host;
    headers["host"] = target.host;
    return dispatch({ ...opts, origin: target.origin, headers }, handler);
  };
  setGlobalDispatcher(new Agent().compose(redirect));
}

function toRecord(h: Dispatcher.DispatchOptions["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  } else if (typeof (h as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const [k, v] of h as Iterable<[string, string | string[]]>)
      out[k.toLowerCase()] = String(v);
  } else {
    for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  return out;
}
