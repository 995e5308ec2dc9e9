import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real processes; two cores are all CI has.
    maxWorkers: 2,
  },
});
// Vitest reads the default export; the named export keeps the project rule greppable.
export default config;
