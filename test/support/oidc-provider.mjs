// A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for the sign-on test.
// Usage: node oidc-provider.mjs <redirect_uri>; prints {"issuer": "..."} once it listens.
import http from 'node:http';
import Provider from 'oidc-provider';

const redirectUri = process.argv[2];
const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'atrium',
      client_secret: 'atrium-test-secret',
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'locale'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({
      sub: id,
      email: `${id}@city.example.org`,
      email_verified: true,
      name: `City worker ${id}`,
      locale: 'it',
    }),
  }),
  // No consent screen for the one test client.
  loadExistingGrant: async (ctx) => {
    const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
});
provider.proxy = false;
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
