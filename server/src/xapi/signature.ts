import { verify, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { statementDifference } from './compare';

/**
 * Signed statements (xAPI 1.0.3 Data §2.6): the signature is an attachment with this usageType and
 * contentType application/octet-stream, holding a JWS in compact serialization whose payload is the
 * statement as it was before the signature was added.
 */
export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JWT claims a signing library may add to the payload; they are no statement properties. */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

/**
 * Verifies an RS256/384/512 JWS with the key of an X.509 certificate, as the reference tools sign
 * (RSASSA-PKCS1-v1_5). node:crypto is used rather than a JOSE library, which would refuse the
 * 1,024-bit keys that older signing tools and the specification's example use.
 */
function verifiesWith(jws: string, alg: string, certificate: string): 'ok' | 'bad-signature' | 'bad-certificate' {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(certificate.replace(/\s+/g, ''), 'base64'));
  } catch {
    return 'bad-certificate';
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') return 'bad-certificate';
  const [header, payload, signature] = jws.split('.');
  const ok = verify(
    `sha${alg.slice(2)}`,
    Buffer.from(`${header}.${payload}`),
    cert.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  return ok ? 'ok' : 'bad-signature';
}

/**
 * Checks one statement's signature, given the bodies of its attachments by SHA-2. Returns the broken
 * rules (empty when the statement carries no signature, or a good one), each naming the rule.
 */
export async function signatureProblems(statement: Obj, bodies: Map<string, Buffer>, path: string): Promise<string[]> {
  const attachments = Array.isArray(statement.attachments) ? (statement.attachments as Obj[]) : [];
  const signatures = attachments
    .map((a, i) => ({ a, p: `${path}.attachments[${i}]` }))
    .filter(({ a }) => a.usageType === SIGNATURE_USAGE);
  if (signatures.length === 0) return [];
  if (signatures.length > 1)
    return [`${path}.attachments: a statement may carry one signature, not ${signatures.length}`];
  const { a, p } = signatures[0];
  if (a.contentType !== 'application/octet-stream')
    return [`${p}.contentType: a signature attachment must have contentType application/octet-stream`];
  const body = bodies.get(String(a.sha2).toLowerCase());
  if (!body) return [`${p}: a signature must be sent as a multipart/mixed part, so that it can be checked`];

  const jws = body.toString('utf8').trim();
  let header: ProtectedHeaderParameters;
  let payload: unknown;
  try {
    if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(jws)) throw new Error('not three base64url parts');
    header = decodeProtectedHeader(jws);
    payload = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return [`${p}: the signature is not a JWS in compact serialization (header.payload.signature, base64url)`];
  }
  if (!header.alg || !ALGORITHMS.includes(header.alg))
    return [`${p}: the JWS must use the algorithm RS256, RS384 or RS512 (not ${header.alg ?? 'none'})`];
  if (!isObj(payload)) return [`${p}: the JWS payload must be the signed statement as a JSON object`];
  const signedStatement = Object.fromEntries(Object.entries(payload).filter(([k]) => !JWT_CLAIMS.includes(k)));
  const others = attachments.filter((x) => x !== a);
  const difference = statementDifference(signedStatement, { ...statement, attachments: others });
  if (difference)
    return [
      `${p}: the JWS payload is not the statement that was signed: its "${difference}" differs from the statement sent`,
    ];
  if (header.x5c !== undefined) {
    if (!Array.isArray(header.x5c) || typeof header.x5c[0] !== 'string')
      return [`${p}: the JWS header x5c must be a list of base64 DER certificates`];
    const outcome = verifiesWith(jws, header.alg, header.x5c[0]);
    if (outcome === 'bad-signature')
      return [`${p}: the JWS signature does not verify with the key of the first certificate in its x5c header`];
    if (outcome === 'bad-certificate')
      return [`${p}: the first certificate in the JWS x5c header cannot be read as an RSA X.509 certificate`];
  }
  return [];
}
