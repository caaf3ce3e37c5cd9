import ExcelJS from 'exceljs';
import type { StatisticsReport } from '../../contracts';
import { statisticsTables } from './export-tables';

/** The report as an Excel workbook: one sheet per grouping and one for the low ratings. */
export async function statisticsXlsx(r: StatisticsReport, lang: 'zh' | 'en' = 'zh'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'hall-queue';
  for (const t of statisticsTables(r, lang)) {
    const sheet = book.addWorksheet(t.sheet);
    sheet.addRow(t.header).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row);
    sheet.columns.forEach((c, i) => (c.width = i === 0 ? 22 : Math.max(10, (t.header[i]?.length ?? 8) + 4)));
    sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
