import ExcelJS from 'exceljs';
import { KIND_SPECS, type Kind } from './kinds';

/**
 * The XLSX template of a kind: header row, one example row, and every column formatted as Text, so
 * a spreadsheet keeps all 16 digits of a NIK/KK instead of turning it into 6.40213E+15. A second
 * sheet explains each column in both languages.
 */
export async function templateXlsx(kind: Kind, lang: 'id' | 'en' = 'id'): Promise<Uint8Array<ArrayBuffer>> {
	const spec = KIND_SPECS[kind];
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(kind);
	sheet.columns = spec.columns.map((col) => ({ header: lang === 'id' ? col.id : col.name, key: col.name, width: Math.max(14, col.id.length + 4), style: { numFmt: '@' } }));
	sheet.addRow(Object.fromEntries(spec.columns.map((col) => [col.name, col.example])));
	const help = book.addWorksheet(lang === 'id' ? 'petunjuk' : 'help');
	help.addRow(['kolom', 'column', 'wajib / required', 'keterangan', 'note']);
	for (const col of spec.columns) help.addRow([col.id, col.name, col.required ? 'ya / yes' : 'tidak / no', col.note.id, col.note.en]);
	return new Uint8Array(await book.xlsx.writeBuffer());
}
