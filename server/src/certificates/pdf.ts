import { registerFonts } from '../lib/pdf-fonts';

export interface CertificateText {
  title: string;
  /** Certifies…, holder, completed…, course, release, minutes, date: the holder and course stand out. */
  lines: string[];
  /** Who issues it (the course's makers), printed under the course title. */
  issuer?: string;
  verification: string[];
  /** The public verification address, drawn as a QR code beside the verification lines. */
  verifyUrl: string;
  revoked?: string;
}

const INK = '#1d2a3a';
const ACCENT = '#1d4e89';

/** Atrium's seal: two rings, a ring of small dots and an "A" under a lintel, drawn in vectors. */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number) {
  doc.save().lineWidth(2).circle(cx, cy, r).stroke(ACCENT);
  doc
    .lineWidth(0.8)
    .circle(cx, cy, r - 6)
    .stroke(ACCENT);
  for (let i = 0; i < 36; i++) {
    const a = (i / 36) * 2 * Math.PI;
    doc.circle(cx + Math.cos(a) * (r - 12), cy + Math.sin(a) * (r - 12), 1.1).fill(ACCENT);
  }
  doc
    .lineWidth(0.8)
    .circle(cx, cy, r - 18)
    .stroke(ACCENT);
  // An atrium: a lintel over two columns, around the letter A.
  const w = (r - 18) * 0.9;
  doc.rect(cx - w / 2, cy - w / 2, w, 3).fill(ACCENT);
  doc.rect(cx - w / 2 + 2, cy - w / 2 + 5, 3, w * 0.8).fill(ACCENT);
  doc.rect(cx + w / 2 - 5, cy - w / 2 + 5, 3, w * 0.8).fill(ACCENT);
  doc
    .font('bold')
    .fontSize(w * 0.55)
    .fillColor(ACCENT)
    .text('A', cx - w / 2, cy - w * 0.3, { width: w, align: 'center', lineBreak: false });
  doc.restore();
}

/** pdfkit is loaded on the first certificate: most server processes never print one, and it is large. */
export async function renderCertificatePdf(text: CertificateText): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56, info: { Title: text.title } });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { default: QRCode } = await import('qrcode');
  const qr = await QRCode.toBuffer(text.verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const { width: pageWidth, height: pageHeight } = doc.page;
  const width = pageWidth - 112;
  // A double border: a strong outer frame and a thin inner rule.
  doc
    .lineWidth(3)
    .rect(24, 24, pageWidth - 48, pageHeight - 48)
    .stroke(ACCENT);
  doc
    .lineWidth(0.75)
    .rect(32, 32, pageWidth - 64, pageHeight - 64)
    .stroke(ACCENT);
  doc.y = 72;
  doc
    .font('regular')
    .fontSize(11)
    .fillColor(ACCENT)
    .text('ATRIUM', 56, doc.y, { align: 'center', width, characterSpacing: 4 });
  doc.moveDown(0.8).font('bold').fontSize(30).fillColor(ACCENT).text(text.title, { align: 'center', width });
  const ruleY = doc.y + 8;
  doc
    .lineWidth(0.75)
    .moveTo(pageWidth / 2 - 60, ruleY)
    .lineTo(pageWidth / 2 + 60, ruleY)
    .stroke(ACCENT);
  doc.y = ruleY + 16;
  doc.fillColor(INK);
  text.lines.forEach((line, i) => {
    const prominent = i === 1 || i === 3;
    doc
      .font(prominent ? 'bold' : 'regular')
      .fontSize(prominent ? 22 : 13)
      .fillColor(INK)
      .text(line, 56, doc.y, { align: 'center', width });
    doc.moveDown(0.5);
    if (i === 3 && text.issuer)
      doc
        .font('regular')
        .fontSize(10)
        .fillColor('#333')
        .text(text.issuer, 96, doc.y - 4, { align: 'center', width: width - 80 })
        .moveDown(0.6);
  });
  if (text.revoked)
    doc
      .moveDown()
      .font('bold')
      .fontSize(16)
      .fillColor('#a00')
      .text(text.revoked, 56, doc.y, { align: 'center', width });
  // Foot: the QR code of the verification address on the left, its words beside it, the seal on the right.
  const qrSize = 84;
  const footY = pageHeight - 56 - qrSize;
  doc.image(qr, 64, footY, { width: qrSize, height: qrSize });
  doc.font('regular').fontSize(10).fillColor('#333');
  doc.text(text.verification.join('\n'), 64 + qrSize + 14, footY + qrSize / 2 - 14, {
    width: pageWidth - 2 * (64 + qrSize + 14) - 20,
    align: 'left',
  });
  drawSeal(doc, pageWidth - 64 - 46, footY + qrSize / 2, 46);
  doc.end();
  return done;
}
