import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDatabase } from '../db';
import { currentSnapshotDir } from '../snapshot/store';
import { dropouts, regionTotals } from '../coverage/query';
import { importFile, type ImportRequest } from '../importer';
import { KEY, emptyRoot, householdsCsv, kk, publishedDigest } from '../../../../tests/importer';
import { NATIONAL_ADMIN } from '../../../../tests/endpoint';
import { vervalFormXlsx, type ListContext } from './form';
import { bynameList, type BynameRow } from './list';

/**
 * The field verification loop on a real snapshot built by the importer: 40 P3KE households in two Samboja
 * villages, 10 of them delivered to; the form for the 30 not reached is exported, filled in as an officer
 * would (some found eligible, some not, some not found, some not visited) and imported as kind
 * `verifications`; the next snapshot's funnel, drop-out reasons and coverage follow it.
 */
const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };
const PROGRAMME = 'SMB-PANGAN-2024';
const PROGRAMMES = [
	'kode,nama,nama_en,instansi,jenis,nilai_satuan_rp,saluran,pendana,kode_wilayah,periode,bulan,bulan_mulai,jumlah_tahap,bulan_per_tahap,tunai_per_tahap_rp,barang_per_tahap_rp,aturan_kelayakan',
	`${PROGRAMME},Pangan,Food,Dinas Sosial,in_kind,250000,village,APBD,64.02.13,2024,1,11,1,1,0,250000,"{""register"":""p3ke""}"`
];
const ids = Array.from({ length: 40 }, (_, i) => i + 1);
/** Households 1–10 were delivered to. */
const DELIVERED = ids.slice(0, 10);

let root: string;
let work: string;
/** Refs of the households the officer found eligible. */
let foundEligible: string[] = [];
const run = (kind: string, file: string, extra: Partial<ImportRequest> = {}) => importFile({ kind, file, root, env, ...extra });
const write = (name: string, lines: string[]) => {
	const file = path.join(work, name);
	fs.writeFileSync(file, lines.join('\n') + '\n');
	return file;
};
async function withDb<T>(f: (db: SnapshotDatabase) => Promise<T>): Promise<T> {
	const db = await SnapshotDatabase.open(currentSnapshotDir(root) as string);
	try {
		return await f(db);
	} finally {
		db.close();
	}
}

beforeAll(async () => {
	root = await emptyRoot();
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-verval-'));
	expect((await run('households', householdsCsv(path.join(work, 'p3ke.csv'), ids), { register: 'p3ke' })).outcome).toBe('published');
	expect((await run('programmes', write('program.csv', PROGRAMMES))).outcome).toBe('published');
	const bast = ['kode_program,periode,tahap,no_kk,kode_desa,status,nilai_rp,tanggal_terima', ...DELIVERED.map((i) => `${PROGRAMME},2024,1,${kk(i)},64.02.13.${i % 2 ? '1008' : '1009'},receipt_signed,250000,2024-11-20`)];
	expect((await run('distributions', write('bast.csv', bast))).outcome).toBe('published');
}, 120_000);
afterAll(() => {
	fs.rmSync(root, { recursive: true, force: true });
	fs.rmSync(work, { recursive: true, force: true });
});

/** The form for Samboja's unreached households, as the list page exports it, opened in a spreadsheet. */
async function exportedForm(): Promise<{ rows: BynameRow[]; book: ExcelJS.Workbook }> {
	const list = await withDb((db) => bynameList(db, NATIONAL_ADMIN, '64.02.13', { program: PROGRAMME, daftar: 'unreached' }));
	if (!list) throw new Error('no list');
	const context: ListContext = { region: { code: '64.02.13', name: list.region }, programme: list.programme, filter: { program: PROGRAMME, daftar: 'unreached' }, audit: 1, snapshot: 'x', synthetic: false };
	const book = new ExcelJS.Workbook();
	await book.xlsx.load((await vervalFormXlsx(list.rows, context, 'id')).buffer);
	return { rows: list.rows, book };
}

/** Fills the result cells of the form's row `n` (from 0) and saves the book as `name`. */
function fill(sheet: ExcelJS.Worksheet, n: number, cells: Record<string, string | Date>) {
	const header = (sheet.getRow(1).values as string[]).slice(1);
	for (const [name, value] of Object.entries(cells)) {
		const col = header.findIndex((h) => h.toLowerCase().startsWith(name.toLowerCase())) + 1;
		if (col === 0) throw new Error(`no column ${name}`);
		sheet.getRow(n + 2).getCell(col).value = value;
	}
}
async function save(book: ExcelJS.Workbook, name: string): Promise<string> {
	const file = path.join(work, name);
	await book.xlsx.writeFile(file);
	return file;
}
const visit = (found: string, eligible: string, reason = '') => ({ 'Ditemukan': found, 'Layak': eligible, 'Alasan': reason, 'Petugas': 'Budi Santoso', 'Tanggal verifikasi': new Date(Date.UTC(2024, 11, 10)) });

describe('the field verification form', () => {
	it('lists the households not reached with a short ref, their village, registers and blank result columns, headed in both languages', async () => {
		const { rows, book } = await exportedForm();
		expect(rows).toHaveLength(30);
		expect(rows.every((r) => /^[0-9A-F]{4}-[0-9A-F]{4}$/.test(r.ref))).toBe(true);
		expect(new Set(rows.map((r) => r.registers))).toEqual(new Set(['P3KE']));
		const sheet = book.worksheets[0]!;
		const header = (sheet.getRow(1).values as string[]).slice(1);
		expect(header).toContain('Ref rumah tangga / Household ref');
		expect(header).toContain('Ditemukan (ya/tidak) / Found (yes/no)');
		expect(header).toContain('Alasan / Reason');
		expect(sheet.rowCount).toBe(31);
		const text = JSON.stringify(sheet.getSheetValues());
		expect(text).not.toMatch(/\b\d{16}\b/);
		expect(text).not.toMatch(/[0-9a-f]{64}/);
	});

	it('refuses a filled form with its problems by row and column in Indonesian and English, and publishes nothing', async () => {
		const { rows, book } = await exportedForm();
		const sheet = book.worksheets[0]!;
		fill(sheet, 0, { 'Ditemukan': 'tidak', 'Layak': 'ya', 'Alasan': 'pindah alamat', 'Petugas': 'Budi', 'Tanggal verifikasi': new Date(Date.UTC(2024, 11, 10)) });
		fill(sheet, 1, { 'Ditemukan': 'ya', 'Layak': 'tidak', 'Petugas': 'Budi', 'Tanggal verifikasi': new Date(Date.UTC(2024, 11, 10)) });
		fill(sheet, 2, { 'Ditemukan': 'tidak', 'Alasan': 'lainnya (lihat catatan)', 'Petugas': 'Budi', 'Tanggal verifikasi': new Date(Date.UTC(2024, 11, 10)) });
		fill(sheet, 3, { 'Ditemukan': 'ya', 'Layak': 'ya', 'Petugas': 'Budi', 'Tanggal verifikasi': new Date(Date.UTC(2099, 0, 1)) });
		fill(sheet, 4, { 'Ditemukan': 'ya' });
		fill(sheet, 5, { 'Ref rumah tangga': 'FFFF-FFFF', 'Ditemukan': 'ya', 'Layak': 'ya', 'Petugas': 'Budi', 'Tanggal verifikasi': new Date(Date.UTC(2024, 11, 10)) });
		fill(sheet, 6, { 'Ditemukan': 'ya', 'Layak': 'tidak', 'Alasan': 'sudah kaya', 'Petugas': 'Budi', 'Tanggal verifikasi': new Date(Date.UTC(2024, 11, 10)) });
		const before = publishedDigest(root);
		const result = await run('verifications', await save(book, 'formulir-salah.xlsx'));
		expect(result.outcome).toBe('rejected');
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
			'2:eligible:VERVAL_CONFLICT',
			'3:reason:REASON_REQUIRED',
			'4:note:NOTE_REQUIRED',
			'5:verified_date:DATE_IN_FUTURE',
			'6:found:VERVAL_INCOMPLETE',
			'7:ref:UNKNOWN_HOUSEHOLD',
			'8:reason:BAD_ENUM'
		]);
		expect(result.problems[1]?.message.id).toContain('Pilih alasan');
		expect(result.problems[1]?.message.en).toContain('Choose a reason');
		expect(result.problems.every((p) => p.value === null || !p.value.includes('Budi'))).toBe(true);
		expect(publishedDigest(root)).toBe(before);
		expect(rows).toHaveLength(30);
	});

	it('takes only households of the form’s region: a Samboja form imported for one village refuses the other’s rows', async () => {
		const { rows, book } = await exportedForm();
		const sheet = book.worksheets[0]!;
		const other = rows.findIndex((r) => r.village_code === '64.02.13.1009');
		fill(sheet, other, visit('ya', 'ya'));
		const result = await run('verifications', await save(book, 'formulir-desa-lain.xlsx'), { scope: '64.02.13.1008', dryRun: true });
		const outside = rows.flatMap((r, n) => (r.village_code === '64.02.13.1009' ? [`${n + 2}:village_code:OUTSIDE_SCOPE`] : []));
		expect(outside).toHaveLength(15);
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(outside);
	});

	it('moves the funnel, the drop-out reasons and coverage in the next snapshot', async () => {
		const before = await withDb(async (db) => (await regionTotals(db, PROGRAMME, '64.02.13'))!);
		expect(before).toMatchObject({ eligible: 40, reached: 10, listed: null, verified: null, passed: null, delivered: 10, verval_checked: 0 });
		const { rows, book } = await exportedForm();
		const sheet = book.worksheets[0]!;
		// 30 on the form: 12 found eligible, 8 found not eligible (5 welfare improved, 3 moved), 4 not found, 6 not visited.
		foundEligible = rows.slice(0, 12).map((r) => r.ref);
		rows.forEach((_, n) => {
			if (n < 12) fill(sheet, n, visit('ya', 'ya'));
			else if (n < 17) fill(sheet, n, visit('ya', 'tidak', 'kesejahteraan membaik'));
			else if (n < 20) fill(sheet, n, visit('ya', 'tidak', 'moved'));
			else if (n < 24) fill(sheet, n, visit('tidak', '', 'Tidak ditemukan di alamat'));
		});
		const result = await run('verifications', await save(book, 'formulir-samboja.xlsx'));
		expect(result.problems).toEqual([]);
		expect(result.outcome).toBe('published');
		expect(result.summary?.table).toMatchObject({ before: 0, after: 24 });

		await withDb(async (db) => {
			const after = (await regionTotals(db, PROGRAMME, '64.02.13'))!;
			// 12 of the verified households leave the eligible count; the list now starts at "listed".
			expect(after).toMatchObject({ eligible: 28, reached: 10, listed: 34, verified: 30, passed: 22, delivered: 10, verval_checked: 24, verval_eligible: 12, verval_rejected: 12 });
			const reasons = Object.fromEntries((await dropouts(db, PROGRAMME, '64.02.13')).map((d) => [`${d.stopped_at}:${d.reason}`, d.households]));
			expect(reasons).toEqual({ 'eligible:awaiting_delivery': 12, 'verified:welfare_improved': 5, 'verified:moved': 3, 'proposed:not_found_at_address': 4 });
			// The unreached list keeps the households found eligible and those not visited, and drops the rest.
			const unreached = await bynameList(db, NATIONAL_ADMIN, '64.02.13', { program: PROGRAMME, daftar: 'unreached' });
			expect(unreached?.rows).toHaveLength(18);
		});
	});

	it('replaces a household’s result when a corrected form comes back', async () => {
		const { rows, book } = await exportedForm();
		const sheet = book.worksheets[0]!;
		// A household found eligible before is now found to have moved.
		const n = rows.findIndex((r) => foundEligible.includes(r.ref));
		fill(sheet, n, visit('ya', 'tidak', 'pindah alamat'));
		const result = await run('verifications', await save(book, 'formulir-koreksi.xlsx'));
		expect(result.outcome).toBe('published');
		expect(result.summary?.table).toMatchObject({ before: 24, after: 24 });
		await withDb(async (db) => {
			expect(await regionTotals(db, PROGRAMME, '64.02.13')).toMatchObject({ eligible: 27, verval_eligible: 11, verval_rejected: 13 });
		});
		expect(rows).toHaveLength(18);
	});
});
