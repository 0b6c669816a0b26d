import { LRUCache } from 'lru-cache';
import { renderComment } from '../lib/markdown/comment';

/**
 * Comments as HTML, rendered once per process: a page of a busy discussion is read far more often
 * than it changes, and rendering was the largest part of answering it. A comment's text changes
 * only with an edit (a new `edited_at`, so a new key) or its removal (then nothing is rendered).
 */
const cache = new LRUCache<string, string>({ maxSize: 2_000_000, sizeCalculation: (html) => html.length + 64 });

export function commentHtml(id: string, editedAt: Date | string | null, body: string, linksClickable: boolean): string {
  const key = `${id} ${editedAt ? new Date(editedAt).getTime() : 0} ${linksClickable ? 1 : 0}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = renderComment(body, { linksClickable });
    cache.set(key, html);
  }
  return html;
}
