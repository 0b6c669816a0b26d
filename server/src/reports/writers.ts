import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

export interface Column<T> {
  key: keyof T & string;
  header: string;
  /** Cells holding a date-time (ISO text in CSV, a date cell in XLSX). */
  date?: boolean;
  width?: number;
}

type Cell = string | number | null;

/** CSV with a header row, streamed: pages are read only as fast as the destination takes them. */
export async function writeCsv<T extends Record<string, Cell>>(
  out: Writable,
  columns: Column<T>[],
  pages: AsyncIterable<T[]>,
): Promise<void> {
  async function* records() {
    for await (const page of pages) for (const row of page) yield row;
  }
  await pipeline(
    Readable.from(records()),
    stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })), bom: true }),
    out,
  );
}

/**
 * XLSX through ExcelJS's streaming writer: each row is committed (and leaves memory) as it is
 * written, inline strings rather than a shared-string table, and after each page we wait for the
 * destination to drain.
 */
export async function writeXlsx<T extends Record<string, Cell>>(
  out: Writable,
  sheetName: string,
  columns: Column<T>[],
  pages: AsyncIterable<T[]>,
): Promise<void> {
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  // Loaded on the first XLSX export: it is large, and most server processes never write one.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: c.width ?? Math.max(12, c.header.length + 2),
    ...(c.date ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const page of pages) {
    for (const row of page) {
      const values: Record<string, Cell | Date> = { ...row };
      for (const c of columns) if (c.date && row[c.key]) values[c.key] = new Date(String(row[c.key]));
      sheet.addRow(values).commit();
    }
    if (out.destroyed) throw new Error('the download was cut off');
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed]);
  }
  sheet.commit();
  await Promise.race([workbook.commit(), failed]);
}

/** Newline-delimited JSON: one stored statement per line. */
export async function writeNdjson(out: Writable, pages: AsyncIterable<string[]>): Promise<void> {
  async function* lines() {
    for await (const page of pages) if (page.length) yield page.join('\n') + '\n';
  }
  await pipeline(Readable.from(lines()), out);
}
