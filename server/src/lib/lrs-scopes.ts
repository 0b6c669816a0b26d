/** LRS credential scopes; plain data, so the admin page in the browser uses the same list. */
export const LRS_SCOPES = [
  'statements/write',
  'statements/read/mine',
  'statements/read',
  'state',
  'define',
  'all',
] as const;
export type LrsScope = (typeof LRS_SCOPES)[number];
