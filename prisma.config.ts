// Prisma CLI configuration (`prisma generate` only: migrations are applied by libs/db's runner).
// The URL is a placeholder for the CLI; the apps take DATABASE_URL from their own config schema.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: 'postgresql://postgres@127.0.0.1:5432/podnet' },
});
