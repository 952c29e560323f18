// Where a bulk operation's JSONL goes. Grouped output (groupObjects: true) is written as produced:
// each parent, then its children. Ungrouped output, Shopify's default since 2026-01, promises no
// order at all; we give it a seeded shuffle of the whole file — every line scattered over a few
// bucket files, each bucket shuffled in memory and appended — so a reader that relies on children
// following their parent fails here as it would against Shopify, with memory bounded by a bucket.
import { createWriteStream, readFileSync, rmSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { Rng } from "./random.ts";

export type JsonlSink = {
  write(line: string): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
};

async function put(out: WriteStream, text: string) {
  if (!out.write(text)) await once(out, "drain");
}

async function end(out: WriteStream) {
  out.end();
  await once(out, "finish");
}

export function groupedSink(file: string): JsonlSink {
  const out = createWriteStream(file);
  return {
    write: (line) => put(out, line),
    close: () => end(out),
    destroy: () => out.destroy(),
  };
}

export function shuffledSink(file: string, seed: string, buckets = 8): JsonlSink {
  const rng = new Rng(seed);
  const parts = Array.from({ length: buckets }, (_, i) => `${file}.part${i}`);
  const outs = parts.map((p) => createWriteStream(p));
  const cleanup = () => {
    for (const o of outs) o.destroy();
    for (const p of parts) rmSync(p, { force: true });
  };
  return {
    write: (line) => put(outs[rng.int(0, buckets - 1)]!, line),
    async close() {
      await Promise.all(outs.map(end));
      const out = createWriteStream(file);
      for (const p of parts) {
        const lines = readFileSync(p, "utf8").split("\n");
        lines.pop(); // after the last newline
        for (let i = lines.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
        for (const l of lines) await put(out, l + "\n");
        rmSync(p, { force: true });
      }
      await end(out);
    },
    destroy: cleanup,
  };
}
