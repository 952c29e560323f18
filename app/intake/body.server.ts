// Read a request body, refusing to buffer more than a bound (a declared Content-Length over the
// bound is refused before reading anything).
export class BodyTooLarge extends Error {
  readonly bytes: number;
  constructor(bytes: number) {
    super(`body larger than allowed (${bytes} bytes seen)`);
    this.bytes = bytes;
  }
}

export async function readBodyCapped(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(declared);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
