import ExcelJS from 'exceljs';
import { KIND_SPECS, type Kind } from './kinds';
import { both, oneLine } from '../../bilingual';
import { m } from '../../paraglide/messages';

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
	const help = book.addWorksheet(m.import_help_sheet({}, { locale: lang }));
	const [column, note] = [both(m.import_help_column), both(m.import_help_note)];
	help.addRow([column.id, column.en, oneLine(both(m.import_help_required)), note.id, note.en]);
	for (const col of spec.columns) help.addRow([col.id, col.name, oneLine(both(col.required ? m.import_help_yes : m.import_help_no)), col.note.id, col.note.en]);
	return new Uint8Array(await book.xlsx.writeBuffer());
}
