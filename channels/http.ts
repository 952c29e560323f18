// Small helpers for channel clients that speak plain HTTP through undici.

// Reads at most `max` bytes of an error body (enough for a reason), then drops the rest.
export async function readSome(
  body: AsyncIterable<Buffer> & { dump(): Promise<void> },
  max = 2048,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) break;
  }
  await body.dump().catch(() => {});
  return Buffer.concat(chunks).subarray(0, max).toString("utf8");
}

export function headerOf(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
