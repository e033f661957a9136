import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDatabase, quoteLiteral } from '../db';
import { answersSchema, currentSnapshotDir, readManifest } from '../snapshot/store';
import { findIndicator } from '../indicators/catalogue';
import { checkAnswers, LATE_ANSWERS, prebuiltValues } from '../indicators/prebuilt';
import { callEndpoint } from '../../../../tests/endpoint';
import { ImportError, importFile, readImportLog, templateCsv, verifyImportLog, type ImportRequest } from '.';
import { importLogPath } from './log';
import { rollbackSnapshot, snapshotListing } from './snapshots';
import { KEY, emptyRoot, householdsCsv, kk, publishedDigest } from '../../../../tests/importer';

const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };

const FIXTURES = path.resolve('tests/fixtures/import');
const run = (root: string, kind: string, file: string, extra: Partial<ImportRequest> = {}) => importFile({ kind, file, root, env, ...extra });

async function query(root: string, sql: string): Promise<Record<string, unknown>[]> {
	const db = await SnapshotDatabase.open(currentSnapshotDir(root) as string);
	try {
		return await db.query(sql);
	} finally {
		db.close();
	}
}

async function expectImportError(p: Promise<unknown>, code: string) {
	await expect(p).rejects.toSatisfy((e) => e instanceof ImportError && e.code === code);
}

describe('importing into a temporary data folder', () => {
	let root: string;
	let work: string;
	beforeAll(async () => {
		root = await emptyRoot();
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-files-'));
	});
	afterAll(() => {
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('refuses to run without an HMAC key, or with a key file inside the data folder', async () => {
		const file = path.join(FIXTURES, 'bps-kemiskinan-kukar-bangka.csv');
		await expectImportError(importFile({ kind: 'official_indicators', file, root, env: {} }), 'HMAC_KEY_MISSING');
		fs.writeFileSync(path.join(root, 'key'), KEY);
		await expectImportError(importFile({ kind: 'official_indicators', file, root, env: { TEPAT_HMAC_KEY_FILE: path.join(root, 'key') } }), 'HMAC_KEY_IN_DATA');
		fs.rmSync(path.join(root, 'key'));
	});

	it('BPS poverty figures for Kutai Kartanegara and Bangka, in an Indonesian semicolon CSV, reach GET /api/v1/series', async () => {
		const result = await run(root, 'official_indicators', path.join(FIXTURES, 'bps-kemiskinan-kukar-bangka.csv'));
		expect(result.outcome).toBe('published');
		expect(result.summary?.table).toMatchObject({ before: 0, after: 8 });
		process.env.TEPAT_DATA_DIR = root;
		const { GET } = await import('../../../routes/api/v1/series/+server');
		// Through the edge as an administrator for the whole country: the full view, not the public one.
		const series = (region: string) => callEndpoint('/api/v1/series', GET, `/api/v1/series?indicator=poverty_rate&region=${region}`);
		const res = await series('64.02');
		const body = (await res.json()) as { points: { period: number; value: number; source: string }[] };
		expect(body.points.map((p) => [p.period, p.value])).toEqual([
			[2021, 7.99],
			[2023, 7.61],
			[2024, 7.28]
		]);
		expect(body.points[0]?.source).toBe('BPS, Susenas Maret');
		const bangka = await series('19.01');
		expect(((await bangka.json()) as { points: { value: number }[] }).points.map((p) => p.value)).toEqual([4.24]);
	});

	it('the same file twice changes nothing', async () => {
		const before = publishedDigest(root);
		const again = await run(root, 'official_indicators', path.join(FIXTURES, 'bps-kemiskinan-kukar-bangka.csv'));
		expect(again.outcome).toBe('unchanged');
		expect(publishedDigest(root)).toBe(before);
	});

	it('reports every bad household row by row and column, writes a rejects file and publishes nothing', async () => {
		const before = publishedDigest(root);
		const result = await run(root, 'households', path.join(FIXTURES, 'households-dtks-errors.csv'), { register: 'dtks' });
		expect(result.outcome).toBe('rejected');
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
			'3:kk:ID_SCIENTIFIC',
			'4:kk:ID_LOST_PRECISION',
			'5:kk:DUPLICATE_IN_FILE',
			'6:decile:OUT_OF_RANGE',
			'6:head_name:FORMULA_INJECTION',
			'6:members:OUT_OF_RANGE',
			'7:village_code:UNKNOWN_REGION',
			'8:kk:ID_NOT_16_DIGITS',
			'9:kk:ID_BAD_DATE'
		]);
		expect(result.problems[0]?.message.id).toMatch(/notasi ilmiah/);
		expect(result.problems[0]?.message.en).toMatch(/scientific notation/);
		expect(publishedDigest(root)).toBe(before);
		const rejects = fs.readFileSync(result.rejectsFile as string, 'utf8');
		expect(rejects).toContain('UNKNOWN_REGION');
		// Nothing personal is echoed: no KK, no NIK, no name, in the rejects file or the log.
		for (const text of [rejects, fs.readFileSync(importLogPath(root), 'utf8')]) {
			for (const id of ['6402130101150001', '6402134507800002', '6402130101150003']) expect(text).not.toContain(id);
			expect(text).not.toContain('Siti');
			expect(text).not.toContain('calc');
		}
	});

	it('rejects a CSV whose columns drifted from the template', async () => {
		const before = publishedDigest(root);
		const result = await run(root, 'households', path.join(FIXTURES, 'households-schema-drift.csv'), { register: 'dtks' });
		// "desa" is read as a village name (codes are not names); "penghasilan" is nothing Tepat knows.
		expect(result.problems.map((p) => `${p.column}:${p.code}`).sort()).toEqual(['penghasilan:UNKNOWN_COLUMN', 'village_code:REGION_NAME_UNKNOWN']);
		expect(publishedDigest(root)).toBe(before);
	});

	it('rejects path-traversal file names and a truncated Parquet file before reading a row', async () => {
		const before = publishedDigest(root);
		const csv = path.join(FIXTURES, 'bps-kemiskinan-kukar-bangka.csv');
		await expectImportError(run(root, 'official_indicators', csv, { fileName: '../../current/regions.csv' }), 'BAD_FILE_NAME');
		const good = path.join(work, 'indikator.parquet');
		const inst = await DuckDBInstance.create(':memory:');
		const conn = await inst.connect();
		await conn.run(`COPY (SELECT * FROM read_csv(${quoteLiteral(csv)}, all_varchar = true)) TO ${quoteLiteral(good)} (FORMAT parquet)`);
		conn.closeSync();
		inst.closeSync();
		const bytes = fs.readFileSync(good);
		const truncated = path.join(work, 'terpotong.parquet');
		fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
		await expectImportError(run(root, 'official_indicators', truncated), 'FILE_UNREADABLE');
		expect(publishedDigest(root)).toBe(before);
	});

	it('rejects NIKs that a spreadsheet stored as numbers (XLSX) with the scientific-notation explanation', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('DTKS');
		sheet.addRow(['no_kk', 'nik_kepala', 'kode_desa', 'periode', 'desil', 'jumlah_anggota']);
		sheet.addRow([kk(1), 6402134507800002, '64.02.13.1008', 2024, 1, 4]);
		sheet.addRow([6402130201150002, '6402131507800003', '64.02.13.1009', 2024, 2, 3]);
		const file = path.join(work, 'dtks.xlsx');
		await book.xlsx.writeFile(file);
		const before = publishedDigest(root);
		const result = await run(root, 'households', file, { register: 'dtks' });
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(['2:head_nik:ID_SCIENTIFIC', '3:kk:ID_SCIENTIFIC']);
		expect(publishedDigest(root)).toBe(before);
	});

	it('maps BPS and old Kemendagri codes through the crosswalk and rejects unknown ones', async () => {
		expect((await run(root, 'region_crosswalk', path.join(FIXTURES, 'region-crosswalk.csv'))).outcome).toBe('published');
		const before = publishedDigest(root);
		const result = await run(root, 'households', path.join(FIXTURES, 'households-old-codes.csv'), { register: 'dtks' });
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}:${p.value}`)).toEqual(['4:village_code:UNKNOWN_REGION:64.02.13.7777']);
		expect(publishedDigest(root)).toBe(before);
		const fixed = path.join(work, 'lama.csv');
		fs.writeFileSync(fixed, fs.readFileSync(path.join(FIXTURES, 'households-old-codes.csv'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
		expect((await run(root, 'households', fixed, { register: 'krs' })).outcome).toBe('published');
		const rows = await query(root, `SELECT village_code FROM households WHERE in_krs ORDER BY 1`);
		expect(rows.map((r) => r.village_code)).toEqual(['64.02.13.1008', '64.02.13.1009']);
	});

	it('pseudonymises KK numbers, keeps names only in the restricted table, links registers and reports match rates', async () => {
		const dtks = await run(root, 'households', householdsCsv(path.join(work, 'dtks-2024.csv'), [...Array(40).keys()]), { register: 'dtks' });
		expect(dtks.outcome).toBe('published');
		const p3ke = await run(root, 'households', householdsCsv(path.join(work, 'p3ke-2024.csv'), [...Array(20).keys()].map((i) => i + 30)), { register: 'p3ke' });
		expect(p3ke.summary?.linking.find((l) => l.register === 'dtks')).toMatchObject({ households: 20, matched: 10, rate: 0.5 });
		const hh = await query(root, `SELECT household_id, in_dtks, in_p3ke FROM households WHERE period = 2024 AND NOT in_krs`);
		expect(hh).toHaveLength(50);
		expect(hh.filter((r) => r.in_dtks && r.in_p3ke)).toHaveLength(10);
		const expected = crypto.createHmac('sha256', KEY).update(kk(0)).digest('hex');
		expect(hh.map((r) => r.household_id)).toContain(expected);
		const snapshotDir = currentSnapshotDir(root) as string;
		const names = await query(root, `SELECT count(*)::INTEGER AS n FROM household_names WHERE head_name LIKE 'Kepala %'`);
		expect(names[0]?.n).toBe(60);
		// No raw KK in any published file; names appear in the restricted table only.
		for (const f of fs.readdirSync(snapshotDir)) {
			if (!f.endsWith('.parquet')) continue;
			const inst = await DuckDBInstance.create(':memory:');
			const conn = await inst.connect();
			const hits = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${quoteLiteral(path.join(snapshotDir, f))}) t WHERE contains(t::VARCHAR, ${quoteLiteral(kk(0))}) OR (${f !== 'household_names.parquet'} AND contains(t::VARCHAR, 'Kepala 1'))`);
			expect(Number(hits.getRows()[0]?.[0]), f).toBe(0);
			conn.closeSync();
			inst.closeSync();
		}
	});

	it('publishes the data as soon as it is checked and lists the values answers beside it afterwards, which the server then sends', async () => {
		const result = await run(root, 'households', householdsCsv(path.join(work, 'dtks-2019.csv'), [...Array(30).keys()], 2019), { register: 'dtks' });
		expect(result.outcome).toBe('published');
		const dir = currentSnapshotDir(root) as string;
		expect(readManifest(dir).answers).toBeUndefined();
		const late = answersSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, LATE_ANSWERS), 'utf8')));
		expect(Object.keys(late)).toContain('answers/dtks_hh.2019.village.named.bin');
		const db = await SnapshotDatabase.open(dir, ['regions', 'region_values']);
		try {
			expect(await checkAnswers(db)).toBe(Object.keys(late).length);
			expect(await prebuiltValues(db, findIndicator('dtks_hh')!, 'ID', 'village', 2019, true)).not.toBeNull();
		} finally {
			db.close();
		}
	});

	it('a corrected register file replaces the earlier rows of the same register and period', async () => {
		const file = householdsCsv(path.join(work, 'dtks-2024-v2.csv'), [...Array(35).keys()]);
		// 5 of Kutai Kartanegara's 40 DTKS households go (12.5 %): published only once that is confirmed by name.
		expect((await run(root, 'households', file, { register: 'dtks' })).summary?.confirm).toEqual(['64.02']);
		const v2 = await run(root, 'households', file, { register: 'dtks', confirmRemoval: ['64.02'] });
		expect(v2.outcome).toBe('published');
		const rows = await query(root, `SELECT count(*) FILTER (in_dtks)::INTEGER AS dtks, count(*)::INTEGER AS total FROM households WHERE period = 2024 AND NOT in_krs`);
		// 35 DTKS households now; 35–39 stay only because P3KE lists them, 40+ never were DTKS.
		expect(rows[0]).toEqual({ dtks: 35, total: 50 });
		const values = await query(root, `SELECT households::INTEGER AS n FROM region_values WHERE region_code = '64.02' AND period = 2024`);
		expect(values[0]?.n).toBe(52);
	});

	it('imports a Parquet register with English headers', async () => {
		const csv = householdsCsv(path.join(work, 'dtsen.csv'), [0, 1, 2]);
		const parquet = path.join(work, 'dtsen.parquet');
		const inst = await DuckDBInstance.create(':memory:');
		const conn = await inst.connect();
		await conn.run(`COPY (SELECT no_kk AS kk, kode_desa AS village_code, periode::INTEGER AS period, desil::INTEGER AS decile, jumlah_anggota::INTEGER AS members FROM read_csv(${quoteLiteral(csv)}, all_varchar = true)) TO ${quoteLiteral(parquet)} (FORMAT parquet)`);
		conn.closeSync();
		inst.closeSync();
		const result = await run(root, 'households', parquet, { register: 'dtsen' });
		expect(result.outcome).toBe('published');
		expect(result.summary?.linking.find((l) => l.register === 'dtks')?.rate).toBe(1);
	});

	it('keeps a hash-chained log that shows tampering, and rolls back to a kept snapshot', async () => {
		expect(verifyImportLog(root)).toMatchObject({ ok: true });
		const log = readImportLog(root);
		expect(log.map((e) => e.outcome)).toContain('rejected');
		expect(log.filter((e) => e.outcome === 'published').every((e) => e.by === 'tester')).toBe(true);
		const listing = snapshotListing(root);
		const target = listing.at(-2)?.id as string;
		await rollbackSnapshot(root, target, 'tester');
		expect(path.basename(currentSnapshotDir(root) as string)).toBe(target);
		expect(readImportLog(root).at(-1)).toMatchObject({ action: 'rollback', snapshot: target });
		const file = importLogPath(root);
		const lines = fs.readFileSync(file, 'utf8').split('\n');
		const published = lines.findIndex((l) => l.includes('"outcome":"published"'));
		lines[published] = (lines[published] ?? '').replace('"by":"tester"', '"by":"mallory"');
		fs.writeFileSync(file, lines.join('\n'));
		expect(verifyImportLog(root)).toMatchObject({ ok: false, brokenAt: published + 1 });
	});

	it('offers a template per kind with Indonesian or English headers', () => {
		expect(templateCsv('households', 'id').split('\n')[0]).toMatch(/^no_kk,nik_kepala,nama_kepala,kode_desa,periode/);
		expect(templateCsv('official_indicators', 'en').split('\n')[0]).toBe('region_code,indicator,period,value,ci_lower,ci_upper,source,method,method_since');
	});
});
