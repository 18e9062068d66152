import { defineConfig } from 'vitest/config';

// One run over every project (`npm test`); each project also runs alone with `nx test <name>`.
export default defineConfig({
  test: {
    projects: ['libs/*', 'apps/*', 'test'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-results.json' }]] : ['default'],
  },
});
