import { useEffect } from "react";
import { useNavigation } from "@remix-run/react";

// Navigation feedback through App Bridge's loading bar (the admin draws it above the app frame,
// so nothing in the page moves).
export function PageLoading() {
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    const bridge = (window as { shopify?: { loading?: (on: boolean) => void } }).shopify;
    bridge?.loading?.(busy);
  }, [busy]);
  return null;
}
