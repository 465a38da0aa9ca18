import { defineConfig } from 'vitest/config';

// Only our own tests: node_modules ship *.test.ts files of their own (ENVIRONMENT.md).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
