import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Integration files start their own web + worker processes; two at a time fit 2 cores.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["{domain,app,worker,infra,tools,bench}/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
        },
      },
    ],
  },
});
