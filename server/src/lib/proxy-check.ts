import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

export const PROXY_PROTO_PROBLEM =
  'PUBLIC_URL is https:// but requests arrive as plain http: the reverse proxy sends no X-Forwarded-Proto header, ' +
  'so secure cookies are not set and nobody can stay signed in. Fix the proxy setting: send ' +
  '"X-Forwarded-Proto: https" (nginx: proxy_set_header X-Forwarded-Proto $scheme; Caddy and Traefik send it by ' +
  'default), from a proxy on the same host (Atrium trusts X-Forwarded-* from loopback only).';

/**
 * Behind an https PUBLIC_URL, the first request tells whether the proxy says the client used https.
 * If it does not, an error names the setting to fix, once, instead of a sign-in that silently sets no cookie.
 */
export function proxyProtoCheck(publicUrl: string, logger: Logger): RequestHandler {
  let checked = !publicUrl.startsWith('https://');
  return (req, _res, next) => {
    if (!checked && req.path !== '/healthz') {
      checked = true;
      if (req.protocol !== 'https')
        logger.error({ setting: 'X-Forwarded-Proto', publicUrl, seenProtocol: req.protocol }, PROXY_PROTO_PROBLEM);
    }
    next();
  };
}
