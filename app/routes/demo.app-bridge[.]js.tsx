// DEMO_MODE only (404 otherwise): the local stand-in for the App Bridge script.
import script from "../demo/app-bridge.js?raw";
import { requireDemo } from "../demo/demo.server.ts";

export async function loader() {
  requireDemo();
  return new Response(script, {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" },
  });
}
