import path from 'node:path';
import { Invalid } from '../lib/errors';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

const TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  svg: 'image/svg+xml',
} as const;
export type ImageExt = keyof typeof TYPES;

const NAME_EXTS: Record<string, ImageExt> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp', svg: 'svg' };

/** What the bytes are, whatever the file is called. */
export function sniffImage(content: Buffer): ImageExt | undefined {
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'jpg';
  if (content.subarray(0, 4).toString('latin1') === 'RIFF' && content.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp';
  const head = content
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  // An SVG is XML text: optional declaration, comments and doctype, then the <svg> element.
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/**
 * Refuses an SVG that could run script or fetch anything: DOMPurify (SVG profile) must find nothing
 * to remove, and links may only point inside the image itself (`#id`) or to embedded raster data.
 */
export async function checkSvg(content: Buffer): Promise<void> {
  const text = content.toString('utf8');
  // Loaded on first use: a DOM implementation is heavy, and only SVG uploads need it.
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
  const window = new JSDOM('').window;
  try {
    const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    // Clobbering protection is for HTML pages; a standalone image may use ids such as "title".
    purify.sanitize(text, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_ATTR: ['role'], SANITIZE_DOM: false });
    const removed = purify.removed
      .map((r) => ('element' in r ? `<${r.element.nodeName.toLowerCase()}>` : `${r.attribute?.name}=`))
      .filter((name) => !['<#comment>', '<#text>', '<body>', '<html>', '<head>'].includes(name));
    if (removed.length)
      throw new Invalid(
        `This SVG contains parts that could run code or load other content (${[...new Set(removed)].join(', ')}). Remove them in your drawing program, or export the image as PNG.`,
      );
  } finally {
    window.close();
  }
  if (/<script|\son[a-z]+\s*=|<foreignObject/i.test(text))
    throw new Invalid('This SVG contains script or event handlers (such as onload=). Remove them, or export as PNG.');
  for (const match of text.matchAll(/(?:href|src)\s*=\s*["']([^"']*)["']/gi)) {
    const url = match[1];
    if (url.startsWith('#') || /^data:image\/(png|jpeg|webp|gif);/i.test(url)) continue;
    throw new Invalid(
      `This SVG links to "${url.slice(0, 80)}"; images must be self-contained: embed the linked picture or remove the link.`,
    );
  }
  if (/url\(\s*['"]?(?!#)/i.test(text) || /@import/i.test(text))
    throw new Invalid(
      'This SVG loads content from elsewhere (url() or @import in its styles); images must be self-contained.',
    );
}

/**
 * Checks an uploaded image by its content and returns its media type and file extension. The name
 * only has to agree: a PNG must not be called photo.jpg, and a text file is no image whatever its name.
 */
export async function checkImage(originalName: string, content: Buffer): Promise<{ ext: ImageExt; mediaType: string }> {
  if (content.length === 0) throw new Invalid('The file is empty.');
  if (content.length > MAX_IMAGE_BYTES) throw new Invalid('Images are at most 2 MB: make it smaller or compress it.');
  const ext = sniffImage(content);
  if (!ext)
    throw new Invalid('This file is not a PNG, JPEG, WebP or SVG image (checked by its content, not its name).');
  const named = NAME_EXTS[path.extname(originalName).slice(1).toLowerCase()];
  if (named && named !== ext)
    throw new Invalid(
      `The file is called "${originalName}" but its content is ${ext.toUpperCase()}: rename it to .${ext} and upload it again.`,
    );
  if (ext === 'svg') await checkSvg(content);
  return { ext, mediaType: TYPES[ext] };
}
