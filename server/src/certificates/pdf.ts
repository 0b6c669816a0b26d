import { registerFonts } from '../lib/pdf-fonts';

export interface CertificateText {
  title: string;
  /** Certifies…, holder, completed…, course, release, minutes, date: the holder and course stand out. */
  lines: string[];
  verification: string[];
  revoked?: string;
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
  const width = doc.page.width - 112;
  doc
    .lineWidth(3)
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .stroke('#1d4e89');
  doc.moveDown(2).font('bold').fontSize(30).fillColor('#1d4e89').text(text.title, { align: 'center', width });
  doc.moveDown(1.2).fillColor('#111');
  text.lines.forEach((line, i) => {
    const prominent = i === 1 || i === 3;
    doc
      .font(prominent ? 'bold' : 'regular')
      .fontSize(prominent ? 22 : 13)
      .text(line, { align: 'center', width });
    doc.moveDown(0.5);
  });
  if (text.revoked) doc.moveDown().font('bold').fontSize(16).fillColor('#a00').text(text.revoked, { align: 'center' });
  doc.font('regular').fontSize(10).fillColor('#333');
  doc.text(text.verification.join('\n'), 56, doc.page.height - 110, { align: 'center', width });
  doc.end();
  return done;
}
