import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Integration files start their own web + worker processes; two at a time fit 2 cores.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["{domain,channels,i18n,app,worker,infra,tools,bench}/**/*.test.{ts,tsx}"],
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
      {
        test: {
          // Browser tests: Debian's Chromium via playwright-core against the built app in DEMO_MODE.
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          pool: "forks",
        },
      },
    ],
  },
});
