import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/lib/db/schema.ts',
  out: './server/migrations',
});
