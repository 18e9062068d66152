import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: {
    name: 'db',
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    environment: 'node',
    // PGlite's initdb takes 3-8 s on this 2-core machine (STACK.md).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
