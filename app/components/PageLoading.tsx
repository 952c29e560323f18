import { useEffect } from "react";
import { useLocation, useNavigation } from "@remix-run/react";

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

// True while a navigation reloads this same page (another sort, filter or page of its table), not
// while it leaves for another: the table shows its own loading state.
export function useReloadingThisPage(): boolean {
  const location = useLocation();
  const navigation = useNavigation();
  return navigation.state === "loading" && navigation.location?.pathname === location.pathname;
}
