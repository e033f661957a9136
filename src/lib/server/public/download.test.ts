import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getAncestors, getRegion } from '../regions/query';
import { sheetCsv, sheetXlsx, type Sheet } from './download';
import { openDataSheet } from './opendata';
import { getPublicDatabase } from '../db';
import { publicTrend, trendRegions, trendSheet } from './trend';

const pub = await getPublicDatabase();

/**
 * Reads a CSV the way Excel with Indonesian regional settings does when the file is opened: the BOM marks UTF-8,
 * `;` separates fields, `"` quotes them, and a number is digits with `,` as the decimal mark. Anything else stays text.
 */
function readAsIndonesianExcel(text: string): { header: string[]; rows: string[][]; number: (cell: string) => number | null } {
	expect(text.startsWith('\ufeff')).toBe(true);
	const lines = text.slice(1).split('\r\n').filter(Boolean);
	const split = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^;]*)(;|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));
	const [header, ...rows] = lines.map(split);
	const number = (cell: string) => (/^-?\d+(,\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : null);
	return { header: header!, rows, number };
}

describe('public downloads', () => {
	it('open in Indonesian Excel as they stand: semicolons, decimal commas, BPS’s 7,28% for Kutai Kartanegara, no comment lines', async () => {
		const csv = sheetCsv(await openDataSheet(pub, 'indikator-resmi', 'id'), 'id');
		expect(csv.split('\r\n').some((l) => l.replace('\ufeff', '').startsWith('#'))).toBe(false);
		const { header, rows, number } = readAsIndonesianExcel(csv);
		expect(header).toEqual(['region_code', 'indicator', 'indicator_label', 'unit', 'period', 'value', 'ci_lower', 'ci_upper', 'source', 'method', 'synthetic']);
		for (const r of rows) expect(r).toHaveLength(header.length);
		const at = (code: string, indicator: string, period: string) => rows.find((r) => r[0] === code && r[1] === indicator && r[4] === period)!;
		const poverty = at('64.02', 'poverty_rate', '2024');
		expect(poverty[5]).toBe('7,28');
		expect(number(poverty[5]!)).toBe(7.28);
		expect(poverty.slice(2, 4)).toEqual(['Persentase penduduk miskin BPS (% penduduk)', '%']);
		expect(number(at('64.02', 'poverty_line', '2024')[5]!)).toBe(753332);
		expect(at('64.02', 'poor_people', '2024').slice(2, 6)).toEqual(['Jumlah penduduk miskin BPS (jiwa)', 'jiwa', '2024', '59000']);
		// Every value cell reads as a number: none is split at a decimal point or left as text.
		expect(rows.every((r) => number(r[5]!) !== null)).toBe(true);
	});

	it('write a confidence bound stored as 1.0499999999999998 as 1,05, in the CSV and the XLSX', async () => {
		const sheet: Sheet = { name: 'x', title: 'x', header: 'key', notes: [], columns: [{ key: 'ci_upper', label: 'ci_upper', type: 'number' }], rows: [{ ci_upper: 0.7 + 0.35 }, { ci_upper: 90830400000 }] };
		expect(sheet.rows[0]!.ci_upper).toBe(1.0499999999999998);
		expect(sheetCsv(sheet, 'id').split('\r\n').slice(1, 3)).toEqual(['1,05', '90830400000']);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await sheetXlsx(sheet, 'id')).buffer);
		expect(wb.getWorksheet('Data')!.getRow(2).getCell(1).value).toBe(1.05);
	});

	it('lay the English file out for English Excel: commas and decimal points', async () => {
		const csv = sheetCsv(await openDataSheet(pub, 'indikator-resmi', 'en'), 'en');
		expect(csv).toContain('64.02,poverty_rate,BPS poverty rate (% of people),%,2024,7.28,');
	});

	it('give the data a sheet of its own and what it means a second one, in the XLSX', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await sheetXlsx(await openDataSheet(pub, 'nilai-wilayah', 'id'), 'id')).buffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Keterangan']);
		const data = wb.getWorksheet('Data')!;
		expect(data.getRow(1).values).toEqual([undefined, 'region_code', 'region_name', 'level', 'parent_code', 'period', 'measure', 'programme_code', 'value']);
		const cells: { measure: unknown; value: unknown }[] = [];
		data.eachRow((row, i) => {
			if (i > 1) cells.push({ measure: row.getCell(6).value, value: row.getCell(8).value });
		});
		expect(cells.some((c) => typeof c.value === 'number' && c.value >= 10)).toBe(true);
		// A hidden count is an empty cell, never a small number.
		expect(cells.filter((c) => c.measure !== 'amount_rp' && typeof c.value === 'number' && c.value >= 1 && c.value <= 9)).toEqual([]);
		expect(cells.some((c) => c.value === null)).toBe(true);
		const about = wb.getWorksheet('Keterangan')!.getSheetValues().flat().join(' ');
		expect(about).toContain(pub.manifest.id);
		expect(about).toContain('Setiap jumlah 1–9 disembunyikan');
	});

	it('write "disembunyikan" in a village’s hidden cells and leave cells without a figure empty', async () => {
		const [hidden] = await pub.query<{ code: string }>(
			`SELECT region_code AS code FROM public_region_values WHERE level = 'village' AND programme_code = '' AND measure = 'extreme_poor_hh' AND value IS NULL ORDER BY region_code LIMIT 1`
		);
		const village = (await getRegion(pub, hidden!.code))!;
		const regions = trendRegions(village, await getAncestors(pub, village));
		expect(regions.map((r) => r.level)).toEqual(['village', 'district', 'regency']);
		const sheet = trendSheet(pub, village, await publicTrend(pub, regions), 'id');
		const { header, rows } = readAsIndonesianExcel(sheetCsv(sheet, 'id'));
		expect(header.slice(0, 6)).toEqual(['Periode', 'Kode', 'Nama', 'Rumah tangga terdaftar', 'RT desil 1 (register P3KE)', 'RT desil 1 di register P3KE (% rumah tangga)']);
		const own = rows.filter((r) => r[1] === village.code);
		expect(own.some((r) => r[4] === 'disembunyikan' && r[5] === 'disembunyikan')).toBe(true);
		expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(regions.map((r) => r.code)));
	});

	it('keep a spreadsheet from running text as a formula and quote a separator inside a field', () => {
		const sheet: Sheet = {
			name: 'x',
			title: 't',
			header: 'label',
			notes: [],
			columns: [
				{ key: 'a', label: 'A', type: 'text' },
				{ key: 'b', label: 'B', type: 'number', decimals: 1 }
			],
			rows: [{ a: '=HYPERLINK("x")', b: 1.25 }, { a: 'Muara; Badak', b: null }]
		};
		expect(sheetCsv(sheet, 'id')).toBe('\ufeffA;B\r\n"\'=HYPERLINK(""x"")";1,3\r\n"Muara; Badak";\r\n');
	});
});
