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

/** Limits on an SVG's structure, checked before anything builds a tree of it. */
export const SVG_LIMITS = { depth: 40, elements: 5_000 };
const SVG_CHUNK = 16 * 1024;

/**
 * Reads the SVG once with a streaming XML parser that keeps no tree, counting elements and nesting,
 * and refuses it as soon as a limit is passed. The text goes through in 16 KB slices with a turn of
 * the event loop between them, so other requests are answered meanwhile. Only an SVG within the limits
 * reaches the DOM-based check, whose cost grows with the element count and the nesting.
 */
async function checkSvgStructure(content: Buffer): Promise<void> {
  const { SaxesParser } = await import('saxes');
  const parser = new SaxesParser({ xmlns: false });
  let depth = 0;
  let elements = 0;
  let problem: string | undefined;
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[') && !problem)
      problem = 'This SVG declares its own entities (a DOCTYPE with [ ]); export it again without them.';
  });
  parser.on('opentag', () => {
    elements++;
    depth++;
    if (problem) return;
    if (depth > SVG_LIMITS.depth)
      problem = `This SVG nests elements more than ${SVG_LIMITS.depth} levels deep; flatten its groups or export it as PNG.`;
    else if (elements > SVG_LIMITS.elements)
      problem = `This SVG has more than ${SVG_LIMITS.elements} elements; simplify the drawing or export it as PNG.`;
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.on('error', (err) => {
    problem ??= `This SVG is not well-formed XML: ${err.message.split('\n')[0]}`;
  });
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  for (let at = 0; at < text.length && !problem; at += SVG_CHUNK) {
    try {
      parser.write(text.slice(at, at + SVG_CHUNK));
    } catch (err) {
      problem ??= `This SVG is not well-formed XML: ${(err as Error).message.split('\n')[0]}`;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!problem)
    try {
      parser.close();
    } catch (err) {
      problem = `This SVG is not well-formed XML: ${(err as Error).message.split('\n')[0]}`;
    }
  if (problem) throw new Invalid(problem, { reason: 'image.svg_malformed' });
}

/**
 * Refuses an SVG that could run script or fetch anything: DOMPurify (SVG profile) must find nothing
 * to remove, and links may only point inside the image itself (`#id`) or to embedded raster data.
 */
export async function checkSvg(content: Buffer): Promise<void> {
  await checkSvgStructure(content);
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
        { reason: 'image.svg_active', parts: [...new Set(removed)].join(', ') },
      );
  } finally {
    window.close();
  }
  if (/<script|\son[a-z]+\s*=|<foreignObject/i.test(text))
    throw new Invalid('This SVG contains script or event handlers (such as onload=). Remove them, or export as PNG.', {
      reason: 'image.svg_script',
    });
  for (const match of text.matchAll(/(?:href|src)\s*=\s*["']([^"']*)["']/gi)) {
    const url = match[1];
    if (url.startsWith('#') || /^data:image\/(png|jpeg|webp|gif);/i.test(url)) continue;
    throw new Invalid(
      `This SVG links to "${url.slice(0, 80)}"; images must be self-contained: embed the linked picture or remove the link.`,
      { reason: 'image.svg_link', url: url.slice(0, 80) },
    );
  }
  if (/url\(\s*['"]?(?!#)/i.test(text) || /@import/i.test(text))
    throw new Invalid(
      'This SVG loads content from elsewhere (url() or @import in its styles); images must be self-contained.',
      { reason: 'image.svg_external' },
    );
}

/**
 * Checks an uploaded image by its content and returns its media type and file extension. The name
 * only has to agree: a PNG must not be called photo.jpg, and a text file is no image whatever its name.
 */
export async function checkImage(originalName: string, content: Buffer): Promise<{ ext: ImageExt; mediaType: string }> {
  if (content.length === 0) throw new Invalid('The file is empty.', { reason: 'image.empty' });
  if (content.length > MAX_IMAGE_BYTES)
    throw new Invalid('Images are at most 2 MB: make it smaller or compress it.', {
      reason: 'image.too_large',
      megabytes: 2,
    });
  const ext = sniffImage(content);
  if (!ext)
    throw new Invalid('This file is not a PNG, JPEG, WebP or SVG image (checked by its content, not its name).', {
      reason: 'image.not_image',
    });
  const named = NAME_EXTS[path.extname(originalName).slice(1).toLowerCase()];
  if (named && named !== ext)
    throw new Invalid(
      `The file is called "${originalName}" but its content is ${ext.toUpperCase()}: rename it to .${ext} and upload it again.`,
      { reason: 'image.wrong_extension', file: originalName, ext },
    );
  if (ext === 'svg') await checkSvg(content);
  return { ext, mediaType: TYPES[ext] };
}
