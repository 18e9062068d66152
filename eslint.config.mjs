import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Node I/O and frameworks the pure domain libs must never import.
const frameworkAndIo = [
  '@nestjs/*',
  '@prisma/*',
  'prisma',
  'bullmq',
  'ioredis',
  'pg',
  '@aws-sdk/*',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '**/.data/**',
      'libs/db/src/generated/**',
      '**/vitest.config.ts',
      '**/webpack.config.*',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // The CLI loads the EC2 entry point (and with it the AWS SDK, ~1 s) only in the commands that call EC2,
          // while importing the rest of aws-planner statically: a deliberate split of one library, not a mistake
          // (the list names the static import the rule would otherwise refuse).
          checkDynamicDependenciesExceptions: ['@podnet/aws-planner'],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // With noUncheckedIndexedAccess, `x[i]!` after a bounds check is the honest spelling.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Domain and contract libs are pure: no framework, no database, no Node I/O.
    files: ['libs/netsim/src/**/*.ts', 'libs/aws-planner/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/aws-planner/src/reconcile/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: frameworkAndIo.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'Pure libraries may not import frameworks or Node I/O.' })),
          patterns: frameworkAndIo.filter((m) => m.includes('*')).map((group) => ({ group: [group], message: 'Pure libraries may not import frameworks or Node I/O.' })),
        },
      ],
    },
  },
  prettier,
);
