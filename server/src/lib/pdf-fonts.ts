import path from 'node:path';

// DejaVu covers Latin, Greek and Cyrillic, so every course language prints with one font.
const FONTS = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** Registers the fonts every PDF of the app prints with: `regular`, `bold` and `italic`. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont('regular', path.join(FONTS, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(FONTS, 'DejaVuSans-Bold.ttf'));
  doc.registerFont('italic', path.join(FONTS, 'DejaVuSans-Oblique.ttf'));
}
