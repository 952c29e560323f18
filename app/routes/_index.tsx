// Outside the admin: send shops that open the app URL with ?shop= into the embedded app.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Stockout radar</h1>
      <p>
        Predicts when every variant will run out and alerts you early enough to reorder. Install it
        from the Shopify App Store or your Partner dashboard; it opens inside your Shopify admin.
      </p>
    </main>
  );
}
