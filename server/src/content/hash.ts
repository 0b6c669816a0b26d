import { createHash } from 'node:crypto';

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The short hash a translation records in `translatedFrom`. */
export const sourceHashOf = (raw: string): string => sha256(raw.replace(/\r\n/g, '\n')).slice(0, 12);
