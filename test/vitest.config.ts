import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: {
    name: 'e2e',
    include: ['**/*.spec.ts'],
    environment: 'node',
  },
});
