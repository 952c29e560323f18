// Downloads a file from an authenticated resource route. A plain <a href> would be a document
// request without the session token; fetch() gets it from App Bridge.
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { headers: { accept: "text/csv" } });
  if (!res.ok) throw new Error(`Export failed (HTTP ${res.status})`);
  const blob = await res.blob();
  const name =
    /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function toast(message: string, isError = false): void {
  const bridge = (window as { shopify?: { toast?: { show: (m: string, o?: object) => void } } })
    .shopify;
  bridge?.toast?.show(message, { isError, duration: 4000 });
}
