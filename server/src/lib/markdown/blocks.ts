import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/** A run of text with its emphasis. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** The blocks a resource is written with: headings, paragraphs, lists and tables. */
export type Block =
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; items: Run[][] }
  | { type: 'table'; rows: Run[][][] };

const md = new MarkdownIt({ html: false, linkify: false, typographer: true });

function runsOf(inline: Token | undefined): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  for (const t of inline?.children ?? []) {
    if (t.type === 'strong_open') bold = true;
    else if (t.type === 'strong_close') bold = false;
    else if (t.type === 'em_open') italic = true;
    else if (t.type === 'em_close') italic = false;
    else if (t.type === 'text' || t.type === 'code_inline') runs.push({ text: t.content, bold, italic });
    else if (t.type === 'softbreak' || t.type === 'hardbreak') runs.push({ text: ' ', bold, italic });
  }
  return runs;
}

/** Reads Markdown into plain blocks (markdown-it parses; documents and the edition compare lay them out). */
export function blocksOf(markdown: string): Block[] {
  const tokens = md.parse(markdown, {});
  const blocks: Block[] = [];
  let list: Extract<Block, { type: 'list' }> | undefined;
  let table: Extract<Block, { type: 'table' }> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open')
      blocks.push({ type: 'heading', level: Number(t.tag.slice(1)), runs: runsOf(tokens[i + 1]) });
    else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
      list = { type: 'list', ordered: t.type === 'ordered_list_open', items: [] };
      blocks.push(list);
    } else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') list = undefined;
    else if (t.type === 'table_open') {
      table = { type: 'table', rows: [] };
      blocks.push(table);
    } else if (t.type === 'table_close') table = undefined;
    else if (t.type === 'tr_open' && table) table.rows.push([]);
    else if ((t.type === 'th_open' || t.type === 'td_open') && table) table.rows.at(-1)!.push(runsOf(tokens[i + 1]));
    else if (t.type === 'paragraph_open') {
      const runs = runsOf(tokens[i + 1]);
      if (list) list.items.push(runs);
      else blocks.push({ type: 'paragraph', runs });
    }
  }
  return blocks;
}

/** A block's words without emphasis: list items and table rows become one block each. */
export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'item';
  level?: number;
  text: string;
}

const plain = (runs: Run[]) =>
  runs
    .map((r) => r.text)
    .join('')
    .trim();

/** The text a reader reads, block by block; container markers (`:::`) and wordless blocks are left out. */
export function textBlocksOf(markdown: string): TextBlock[] {
  const body = markdown
    .split('\n')
    .filter((l) => !/^\s*:::/.test(l))
    .join('\n');
  return blocksOf(body)
    .flatMap((b): TextBlock[] => {
      if (b.type === 'heading') return [{ kind: 'heading', level: b.level, text: plain(b.runs) }];
      if (b.type === 'paragraph') return [{ kind: 'paragraph', text: plain(b.runs) }];
      if (b.type === 'list') return b.items.map((runs) => ({ kind: 'item' as const, text: plain(runs) }));
      return b.rows.map((row) => ({ kind: 'paragraph' as const, text: row.map(plain).join(' | ') }));
    })
    .filter((b) => b.text); // a paragraph of an image alone has no words to compare
}
