/** Splits a module file into its YAML front matter and Markdown body (shared by the server and the editor). */
export function splitFrontMatter(raw: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const text = raw.replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!match) return undefined;
  return { yaml: match[1], body: text.slice(match[0].length), bodyLine: match[0].split('\n').length - 1 };
}
