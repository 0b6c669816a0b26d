import { blocksOf, type Run } from '../lib/markdown/blocks';
import { registerFonts } from '../lib/pdf-fonts';

export interface ResourceText {
  title: string;
  description: string;
  body: string;
  /** Printed at the foot: course title, release and licence. */
  footer: string;
}

/** The editable document: DOCX, which Word, LibreOffice and Google Docs all open and edit. */
export async function renderDocx(text: ResourceText): Promise<Buffer> {
  const d = await import('docx');
  const runs = (list: Run[], extra: { bold?: boolean } = {}) =>
    list.map((r) => new d.TextRun({ text: r.text, bold: r.bold || extra.bold, italics: r.italic }));
  const headings = [
    d.HeadingLevel.HEADING_1,
    d.HeadingLevel.HEADING_2,
    d.HeadingLevel.HEADING_3,
    d.HeadingLevel.HEADING_4,
  ];
  const children: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [
    new d.Paragraph({ heading: d.HeadingLevel.TITLE, children: [new d.TextRun(text.title)] }),
  ];
  if (text.description)
    children.push(new d.Paragraph({ children: [new d.TextRun({ text: text.description, italics: true })] }));
  for (const block of blocksOf(text.body)) {
    if (block.type === 'heading')
      children.push(new d.Paragraph({ heading: headings[Math.min(block.level, 4) - 1], children: runs(block.runs) }));
    else if (block.type === 'paragraph') children.push(new d.Paragraph({ children: runs(block.runs) }));
    else if (block.type === 'list')
      block.items.forEach((item, n) =>
        children.push(
          block.ordered
            ? new d.Paragraph({ children: [new d.TextRun(`${n + 1}. `), ...runs(item)], indent: { left: 360 } })
            : new d.Paragraph({ children: runs(item), bullet: { level: 0 } }),
        ),
      );
    else {
      const columns = Math.max(...block.rows.map((r) => r.length));
      children.push(
        new d.Table({
          width: { size: 100, type: d.WidthType.PERCENTAGE },
          rows: block.rows.map(
            (row, r) =>
              new d.TableRow({
                tableHeader: r === 0,
                children: Array.from(
                  { length: columns },
                  (_, c) =>
                    new d.TableCell({
                      width: { size: Math.floor(100 / columns), type: d.WidthType.PERCENTAGE },
                      children: [new d.Paragraph({ children: runs(row[c] ?? [], { bold: r === 0 }) })],
                    }),
                ),
              }),
          ),
        }),
        new d.Paragraph({ children: [] }),
      );
    }
  }
  children.push(new d.Paragraph({ children: [new d.TextRun({ text: text.footer, size: 16, color: '555555' })] }));
  const doc = new d.Document({ title: text.title, description: text.description, sections: [{ children }] });
  return d.Packer.toBuffer(doc);
}

/** The printable document: PDF, laid out with pdfkit and the app's fonts. */
export async function renderPdf(text: ResourceText): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: text.title } });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = 56;
  const width = doc.page.width - 112;
  const write = (runs: Run[], options: PDFKit.Mixins.TextOptions = {}) => {
    if (runs.length === 0) return;
    runs.forEach((r, i) =>
      doc
        .font(r.bold ? 'bold' : r.italic ? 'italic' : 'regular')
        .text(r.text, { ...options, continued: i < runs.length - 1 }),
    );
  };
  doc.font('bold').fontSize(20).fillColor('#1d4e89').text(text.title, left, undefined, { width });
  if (text.description)
    doc.moveDown(0.3).font('italic').fontSize(11).fillColor('#333').text(text.description, { width });
  doc.fillColor('#111');
  for (const block of blocksOf(text.body)) {
    doc.moveDown(0.6);
    if (block.type === 'heading') {
      doc.fontSize(block.level <= 2 ? 15 : 12.5);
      write(
        block.runs.map((r) => ({ ...r, bold: true })),
        { width },
      );
    } else if (block.type === 'paragraph') {
      doc.fontSize(11);
      write(block.runs, { width });
    } else if (block.type === 'list') {
      doc.fontSize(11);
      block.items.forEach((item, n) => {
        const mark = block.ordered ? `${n + 1}.` : '•';
        write([{ text: `${mark} ` }, ...item], { width: width - 16, indent: 0 });
      });
    } else {
      doc.fontSize(10);
      const columns = Math.max(...block.rows.map((r) => r.length));
      const cell = width / columns;
      for (const [r, row] of block.rows.entries()) {
        const heights = row.map((runs) =>
          doc.heightOfString(runs.map((x) => x.text).join('') || ' ', { width: cell - 8 }),
        );
        const height = Math.max(22, ...heights.map((h) => h + 10));
        if (doc.y + height > doc.page.height - 72) doc.addPage();
        const top = doc.y;
        for (let c = 0; c < columns; c++) {
          doc.rect(left + c * cell, top, cell, height).stroke('#888');
          const runs = row[c] ?? [];
          doc
            .font(r === 0 ? 'bold' : 'regular')
            .text(runs.map((x) => x.text).join(''), left + c * cell + 4, top + 5, { width: cell - 8 });
        }
        doc.x = left;
        doc.y = top + height;
      }
    }
  }
  doc.moveDown(1.5).font('regular').fontSize(8).fillColor('#555').text(text.footer, left, undefined, { width });
  doc.end();
  return done;
}
