// Groups calls made during the same turn of the event loop into one batch: concurrent webhooks
// share one INSERT and one Redis round trip instead of paying for one each (group commit).
export type BatchFn<I, O> = (items: I[]) => Promise<O[]>;

export function microBatch<I, O>(flush: BatchFn<I, O>, maxSize = 128): (item: I) => Promise<O> {
  let pending: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;

  const run = async () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    try {
      const out = await flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length >= maxSize) void run();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(() => void run());
      }
    });
}
