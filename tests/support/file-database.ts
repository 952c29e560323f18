// A database of the test file's own, cloned from the run's template, for files that call the
// worker's functions directly instead of starting the product's processes (stack.ts).
import { inject } from "vitest";
import { closeDb, createDb, type Db } from "../../infra/db.ts";
import { cloneDatabase, dropDatabase, urlFor } from "./databases.ts";

export type FileDatabase = { name: string; db: Db; close: () => Promise<void> };

export async function openFileDatabase(poolSize: number): Promise<FileDatabase> {
  const name = await cloneDatabase(inject("templateDb"), inject("runId"));
  const db = createDb(urlFor(name), poolSize);
  return {
    name,
    db,
    async close() {
      await closeDb(db);
      await dropDatabase(name);
    },
  };
}
