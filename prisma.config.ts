// Prisma runs here without native engines (see docs/decisions/0002-prisma-without-engines.md):
// migrations go through the WebAssembly schema engine over a pg driver adapter.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "prisma-migrate-adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (needed by prisma migrate)");
    return new PrismaPg({ connectionString });
  },
});
