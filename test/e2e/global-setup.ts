import { buildClient } from '../../scripts/build-client';

/** Browser tests run against the real built client; build it once if its sources changed. */
export default async function globalSetup(): Promise<void> {
  const code = await buildClient({ ifStale: true });
  if (code !== 0) throw new Error('the client build failed');
}
