import { sniffImage } from '../../server/src/authoring/images';
import { manifestOf } from '../../server/src/releases/service';
import type { LoadedRelease } from '../../server/src/content/types';

describe('image types are read from the content', () => {
  it.each([
    ['png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['jpg', Buffer.from('ffd8ffe000104a464946', 'hex')],
    ['webp', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])],
    ['svg', Buffer.from('<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')],
  ])('recognises %s', (ext, content) => {
    expect(sniffImage(content)).toBe(ext);
  });

  it.each([
    ['HTML', '<html><body>hi</body></html>'],
    ['text', 'just words'],
    ['a GIF', 'GIF89a....'],
  ])('refuses %s', (_what, text) => {
    expect(sniffImage(Buffer.from(text))).toBeUndefined();
  });
});

describe('release manifests', () => {
  const release = (titles: Record<string, string>): LoadedRelease => ({
    meta: { id: 'r1', date: '2024-01-01', title: { it: 'Uno', en: 'One' }, notes: { en: 'Notes' } },
    modules: [
      {
        dir: 'modules/01-a',
        slug: 'a',
        position: 1,
        id: 'a',
        titles,
        assets: [],
        locales: [],
      },
    ],
  });

  it('hash the same content the same, whatever order the locales were written in', () => {
    const a = release({ en: 'A', de: 'A (de)', it: 'A (it)' });
    const b = release({ it: 'A (it)', en: 'A', de: 'A (de)' });
    expect(manifestOf(a).hash).toBe(manifestOf(b).hash);
    expect(manifestOf(a, 'as-written').hash).not.toBe(manifestOf(b, 'as-written').hash);
    expect(manifestOf(release({ en: 'B', de: 'A (de)', it: 'A (it)' })).hash).not.toBe(manifestOf(a).hash);
  });
});
