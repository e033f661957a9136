import ExcelJS from 'exceljs';
import type { Locale } from '../../format';
import { both, oneLine, type Message } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { vervalChoices } from '../../verval';
import { safeText, type ExportColumn, type ExportTable } from '../export/table';
import { KIND_SPECS, formHeader } from '../importer/kinds';
import { STATUS_LABEL } from '../../coverage-labels';
import type { BynameFilter, BynameRow } from './list';

/**
 * What leaves the app from a by-name list: the list as CSV/XLSX, and the field verification form (XLSX, or
 * the printable page) whose filled copy comes back as an import of kind `verifications`. Headers are in both
 * languages; the form's are the import kind's own, so a filled form reads back column by column.
 */
const FORM = KIND_SPECS.verifications.columns;
/** The form's columns the app fills in; the officer fills the rest. */
const GIVEN = ['ref', 'village_code', 'programme_code', 'period', 'head_name', 'village_name', 'address', 'dusun', 'rt', 'rw', 'registers', 'programmes_reached'] as const;
/** Columns of the list export taken from the form, in the form's order. */
const LISTED = ['ref', 'village_code', 'village_name', 'head_name', 'address', 'dusun', 'rt', 'rw', 'registers', 'programmes_reached'] as const;

const line = (label: Message) => oneLine(both(label));
const formColumn = (name: string) => FORM.find((c) => c.name === name)!;

export interface ListContext {
	region: { code: string; name: string };
	programme: { code: string; name_id: string; name_en: string; period: number };
	filter: BynameFilter;
	audit: number;
	snapshot: string;
	synthetic: boolean;
}

/** A list row with the form's field names. */
function formRow(r: BynameRow, c: ListContext): Record<string, string | number | null> {
	return {
		ref: r.ref,
		village_code: r.village_code,
		programme_code: c.programme.code,
		period: c.programme.period,
		head_name: r.head_name,
		village_name: r.village_name,
		address: r.address,
		dusun: r.dusun,
		rt: r.rt,
		rw: r.rw,
		registers: r.registers,
		programmes_reached: r.programmes
	};
}

const listTitle = (c: ListContext, lang: Locale) =>
	`${m.byname_title({ name: c.region.name }, { locale: lang })} · ${lang === 'en' ? c.programme.name_en : c.programme.name_id} (${c.programme.period})`;

const restricted = (c: ListContext): [string, string][] => [
	['Audit', `#${c.audit}`],
	[line(m.byname_restricted_label), line(m.byname_restricted)]
];

/** The list as CSV/XLSX: the household's reference, name, address, registers, programmes and status on this programme's list. */
export function listExport(rows: BynameRow[], c: ListContext, lang: Locale): ExportTable {
	const columns: ExportColumn[] = [
		...LISTED.map((k) => ({ key: k, label: formHeader(formColumn(k)), type: 'string' as const })),
		{ key: 'decile', label: line(m.byname_decile), type: 'number' },
		{ key: 'status', label: line(m.byname_status), type: 'string' }
	];
	return {
		title: listTitle(c, lang),
		filters: [
			[line(m.byname_region_label), `${c.region.name} (${c.region.code})`],
			[line(m.byname_filter), c.filter.daftar === 'reached' ? m.byname_filter_reached({}, { locale: lang }) : m.byname_filter_unreached({}, { locale: lang })],
			...restricted(c)
		],
		source: m.byname_source({}, { locale: lang }),
		method: m.byname_method({}, { locale: lang }),
		snapshot: c.snapshot + (c.synthetic ? ' (synthetic)' : ''),
		columns,
		rows: rows.map((r) => ({ ...formRow(r, c), decile: r.decile, status: r.status ? STATUS_LABEL[r.status]?.({}, { locale: lang }) ?? r.status : m.byname_status_none({}, { locale: lang }) }))
	};
}

/**
 * The verification form as XLSX: the first sheet is the form (header row 1, one household a row, blank result
 * columns with drop-downs), read back by the importer; the second explains it and lists the reasons.
 */
export async function vervalFormXlsx(rows: BynameRow[], c: ListContext, lang: Locale): Promise<Uint8Array<ArrayBuffer>> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Tepat';
	const sheet = wb.addWorksheet(m.verval_sheet_form({}, { locale: lang }), {
		views: [{ state: 'frozen', ySplit: 1 }],
		pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' }
	});
	const info = wb.addWorksheet(m.verval_sheet_info({}, { locale: lang }));
	sheet.columns = FORM.map((col) => ({ header: formHeader(col), key: col.name, width: (GIVEN as readonly string[]).includes(col.name) ? 16 : 14 }));
	const head = sheet.getRow(1);
	head.font = { bold: true };
	head.alignment = { wrapText: true, vertical: 'top' };
	head.height = 32;
	for (const r of rows) {
		const values = formRow(r, c);
		sheet.addRow(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? safeText(v) : v])));
	}
	const choices = vervalChoices();
	const infoRows: (string | number)[][] = [
		[m.verval_form_title({}, { locale: lang }), listTitle(c, lang)],
		[line(m.byname_region_label), `${c.region.name} (${c.region.code})`],
		['Snapshot', c.snapshot + (c.synthetic ? ' (synthetic)' : '')],
		...restricted(c),
		[],
		[line(m.verval_how_label), m.verval_how({}, { locale: lang })],
		[],
		[line(m.wb_col_reason), line(m.col_code), 'Indonesia', 'English'],
		...choices.map((x) => ['', x.code, x.id, x.en])
	];
	for (const r of infoRows) info.addRow(r);
	info.getColumn(1).width = 28;
	info.getColumn(2).width = 60;
	info.getColumn(3).width = 30;
	info.getColumn(4).width = 30;
	const first = infoRows.length - choices.length + 1;
	const reasons = `'${info.name}'!$${lang === 'en' ? 'D' : 'C'}$${first}:$${lang === 'en' ? 'D' : 'C'}$${infoRows.length}`;
	const yesNo = lang === 'en' ? '"yes,no"' : '"ya,tidak"';
	const letter = (name: string) => sheet.getColumn(name).letter;
	for (let row = 2; row <= rows.length + 1; row++) {
		for (const name of ['found', 'eligible']) sheet.getCell(`${letter(name)}${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [yesNo] };
		sheet.getCell(`${letter('reason')}${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [reasons] };
		sheet.getCell(`${letter('verified_date')}${row}`).dataValidation = { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))] };
	}
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}

/** The form's headers by column name, `Indonesian / English`, for the printable page. */
export const formHeaders = () => Object.fromEntries(FORM.map((col) => [col.name, formHeader(col)]));

/** The printable form's households, village by village, in the order an officer walks them: dusun, RW, RT. */
export function printGroups(rows: BynameRow[]): { code: string; name: string; rows: BynameRow[] }[] {
	const groups = new Map<string, { code: string; name: string; rows: BynameRow[] }>();
	const key = (r: BynameRow) => [r.dusun ?? '', r.rw ?? '', r.rt ?? '', r.head_name].join('\u0000');
	for (const r of [...rows].sort((a, b) => a.village_code.localeCompare(b.village_code) || key(a).localeCompare(key(b)))) {
		let g = groups.get(r.village_code);
		if (!g) groups.set(r.village_code, (g = { code: r.village_code, name: r.village_name, rows: [] }));
		g.rows.push(r);
	}
	return [...groups.values()];
}
