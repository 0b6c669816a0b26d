/**
 * Ids of the statements the reader sends. Each is name-based (UUID v5 style), so a retry from the same
 * browser sends the same id and the LRS stores it once; the name includes this browser's own id, so two
 * devices reading the same module never send the same id with different content (which the LRS must
 * refuse with 409, dropping the statement).
 */
export async function nameBasedUuid(name: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(`atrium:${name}`)));
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = [...hash.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const readingStatementId = (r: { registration: string; device: string; module: string; event: string }) =>
  nameBasedUuid(`${r.registration}|${r.device}|${r.module}|${r.event}`);
