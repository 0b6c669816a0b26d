import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * The small Markdown of discussion comments: paragraphs, emphasis, lists and links. Everything else
 * (headings, images, tables, raw HTML) is shown as the text that was typed. Same markdown-it as modules.
 */
function createCommentMarkdown(): MarkdownIt {
  const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true });
  md.enable(['paragraph', 'list', 'emphasis', 'link', 'linkify', 'newline', 'escape', 'autolink', 'entity']);
  return md;
}

const md = createCommentMarkdown();

export interface CommentRenderOptions {
  /** False for accounts younger than a day: links are shown as text, not as something to click. */
  linksClickable: boolean;
}

/** Only web and mail links are kept; anything else becomes text. */
const SAFE_LINK = /^(https?:|mailto:)/i;

export function renderComment(text: string, options: CommentRenderOptions): string {
  const tokens = md.parse(text, {});
  for (const block of tokens) {
    if (!block.children) continue;
    block.children = unlinkWhereNeeded(block.children, options.linksClickable);
  }
  return md.renderer.render(tokens, md.options, {});
}

function unlinkWhereNeeded(children: Token[], clickable: boolean): Token[] {
  const out: Token[] = [];
  const stack: string[] = [];
  let dropping = 0;
  for (const token of children) {
    if (token.type === 'link_open') {
      const href = token.attrGet('href') ?? '';
      if (clickable && SAFE_LINK.test(href)) {
        token.attrSet('rel', 'nofollow ugc noopener');
        out.push(token);
      } else {
        dropping++;
        const open = Object.assign(Object.create(Object.getPrototypeOf(token)), token, {
          type: 'html_inline',
          content: '<span class="comment-link">',
          children: null,
        }) as Token;
        open.attrs = null;
        out.push(open);
        stack.push(href);
      }
      continue;
    }
    if (token.type === 'link_close' && dropping) {
      dropping--;
      const href = stack.pop() ?? '';
      const close = Object.assign(Object.create(Object.getPrototypeOf(token)), token, {
        type: 'html_inline',
        content: `</span>`,
      }) as Token;
      out.push(close);
      if (href && !isSameAsText(out, href)) {
        const text = Object.assign(Object.create(Object.getPrototypeOf(token)), token, {
          type: 'text',
          content: ` (${href})`,
        }) as Token;
        out.push(text);
      }
      continue;
    }
    out.push(token);
  }
  return out;
}

/** A bare URL (linkify) already shows its address; a [text](url) link gets the address after it. */
function isSameAsText(out: Token[], href: string): boolean {
  const previous = out[out.length - 2];
  return previous?.type === 'text' && (previous.content === href || href.endsWith(previous.content));
}
