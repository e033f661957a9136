import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { registersByRegion } from '../coverage/query';
import { SnapshotDatabase } from '../db';
import { currentSnapshotDir } from '../snapshot/store';
import type { ImportResult } from '.';
import { listProfiles } from './profiles';
import { sampleFile, sampleHousehold } from './samples';
import { publishedDigest, useImportRoot } from '../../../../tests/importer';

/**
 * Files as the source systems export them — P3KE, a DTKS/SIKS-NG export saved by Excel in an
 * Indonesian locale, a SIGA KRS workbook with IDs stored as numbers, e-PPGBM by child, a BAST list,
 * a BPS table — imported without retyping: the mapping found, the problems listed, the rows published.
 */
const mapped = (r: ImportResult) => Object.fromEntries((r.mapping?.columns ?? []).map((c) => [c.header, c.target]));
const problems = (r: ImportResult) => r.problems.map((p) => `${p.row}:${p.column}:${p.code}`);

describe('native exports, as the source systems give them', () => {
	const { root, work, write, run, query } = useImportRoot('native');

	it('a P3KE export is mapped by its own headers; the missing year is asked for, then given as a constant, and it publishes with addresses kept apart', async () => {
		const sample = sampleFile('households');
		const file = write(sample.fileName, sample.text);
		const first = await run('households', file, { register: 'p3ke' });
		expect(mapped(first)).toMatchObject({
			No: 'ignore',
			'ID Keluarga P3KE': 'ignore',
			'Kode Kemendagri': 'village_code',
			'No. KK': 'kk',
			'NIK Kepala Keluarga': 'head_nik',
			'Nama Kepala Keluarga': 'head_name',
			'Desil Kesejahteraan': 'decile',
			'Jumlah Anggota Keluarga': 'members',
			'Penerima BPNT': 'ignore',
			Alamat: 'address',
			'Kabupaten/Kota': 'regency_name',
			'Rumah Tidak Layak Huni': 'housing_unfit'
		});
		expect(problems(first)).toEqual(['1:period:MISSING_COLUMN']);

		const second = await run('households', file, { register: 'p3ke', mapping: { constants: { period: '2024' } }, saveProfile: 'P3KE Kemenko PMK' });
		expect(second.outcome).toBe('published');
		expect(second.mapping?.constants).toEqual({ period: '2024' });
		expect(second.savedProfile).toBe('P3KE Kemenko PMK');
		const rows = await query(`SELECT count(*)::INTEGER AS n, count(*) FILTER (in_p3ke)::INTEGER AS p3ke, count(DISTINCT village_code)::INTEGER AS villages FROM households WHERE period = 2024`);
		expect(rows[0]).toEqual({ n: 24, p3ke: 24, villages: 4 });
		const addresses = await query(`SELECT count(*)::INTEGER AS n, min(address) AS a FROM household_addresses WHERE register = 'p3ke'`);
		expect(addresses[0]?.n).toBe(24);
		expect(String(addresses[0]?.a)).toMatch(/^Jl\. Contoh No\. /);
		// The saved profile holds header keys, fields and the constant; nothing personal.
		const [profile] = listProfiles(root(), 'households');
		expect(profile).toMatchObject({ name: 'P3KE Kemenko PMK', constants: { period: '2024' } });
		expect(JSON.stringify(profile)).not.toMatch(/\d{16}|Warga/);
	});

	it('a DTKS export saved by Excel in an Indonesian locale (semicolons, upper-case headers, no village code) finds the village from its names and reports names it cannot place', async () => {
		const lines = ['NO;IDDTKS;PROVINSI;KABUPATEN;KECAMATAN;DESA/KELURAHAN;ALAMAT;RT;RW;NO KK;NIK;NAMA;JUMLAH ART;TAHUN;DESIL'];
		for (let i = 0; i < 6; i++) {
			const h = sampleHousehold(i);
			lines.push(`${i + 1};DTKS-${i};KALIMANTAN TIMUR;KAB. KUTAI KARTANEGARA;SAMBOJA;${h.village.name.toUpperCase()};Jl. Contoh ${i};00${i + 1};003;${h.kk};${h.nik};${h.name};${3 + (i % 3)};2024;${1 + (i % 4)}`);
		}
		// Two villages named the same in Kutai Kartanegara would be ambiguous; a name that exists nowhere is unknown.
		lines.push(`7;DTKS-7;KALIMANTAN TIMUR;KAB. KUTAI KARTANEGARA;SAMBOJA;DESA TIDAK ADA;Jl. Contoh 7;001;001;${sampleHousehold(7).kk};${sampleHousehold(7).nik};Warga Contoh 8;3;2024;2`);
		const file = write('dtks-siksng.csv', `${lines.join('\r\n')}\r\n`);
		const result = await run('households', file, { register: 'dtks' });
		expect(mapped(result)).toMatchObject({ 'NO KK': 'kk', NIK: 'head_nik', NAMA: 'head_name', 'JUMLAH ART': 'members', TAHUN: 'period', DESIL: 'decile', IDDTKS: 'ignore', RT: 'rt' });
		expect(result.mapping?.derived).toEqual([{ field: 'village_code', from: ['village_name', 'district_name', 'regency_name', 'province_name'] }]);
		expect(problems(result)).toEqual(['8:village_code:REGION_NAME_UNKNOWN']);
		const fixed = write('dtks-siksng-2.csv', `${lines.slice(0, -1).join('\r\n')}\r\n`);
		expect((await run('households', fixed, { register: 'dtks' })).outcome).toBe('published');
		const rows = await query(`SELECT village_code, count(*)::INTEGER AS n FROM households WHERE in_dtks GROUP BY 1 ORDER BY 1`);
		expect(rows).toEqual([
			{ village_code: '64.02.13.1007', n: 1 },
			{ village_code: '64.02.13.1008', n: 2 },
			{ village_code: '64.02.13.1009', n: 2 },
			{ village_code: '64.02.13.1010', n: 1 }
		]);
		const both = await query(`SELECT count(*)::INTEGER AS n FROM households WHERE in_dtks AND in_p3ke`);
		expect(both[0]?.n).toBe(6);
		// Without the district, Tanjung Harapan is two villages of Kutai Kartanegara: both are named.
		const h = sampleHousehold(1);
		const vague = write('dtks-tanpa-kecamatan.csv', `KABUPATEN;DESA/KELURAHAN;NO KK;JUMLAH ART;TAHUN\r\nKUTAI KARTANEGARA;TANJUNG HARAPAN;${h.kk};3;2024\r\n`);
		const ambiguous = await run('households', vague, { register: 'dtks' });
		expect(ambiguous.problems.map((p) => `${p.row}:${p.column}:${p.code}:${p.value}`)).toEqual(['2:village_code:REGION_NAME_AMBIGUOUS:64.02.07.2002 | 64.02.13.1009']);
	});

	it('a SIGA KRS workbook whose KK numbers Excel stored as numbers is refused with every mangled ID, and publishes once they are text', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('KRS');
		sheet.addRow(['No', 'Kecamatan', 'Desa/Kelurahan', 'Kode Desa', 'No KK', 'Nama Kepala Keluarga', 'Jumlah Jiwa', 'Baduta', 'Balita', 'PUS Hamil', 'Sumber Air Minum Tidak Layak', 'Jamban Tidak Layak', 'Terlalu Muda', 'Tahun']);
		const rowsOf = (asNumber: boolean) =>
			[0, 1, 2].map((i) => {
				const h = sampleHousehold(i);
				return [i + 1, 'Samboja', h.village.name, h.village.code, asNumber ? Number(h.kk) : h.kk, h.name, 4, 1, 1, i % 2, 'Ya', i % 2 ? 'Ya' : 'Tidak', 'Tidak', 2024];
			});
		for (const r of rowsOf(true)) sheet.addRow(r);
		const numbers = path.join(work(), 'siga-krs.xlsx');
		await book.xlsx.writeFile(numbers);
		const before = publishedDigest(root());
		const refused = await run('households', numbers, { register: 'krs' });
		expect(problems(refused)).toEqual(['2:kk:ID_SCIENTIFIC', '3:kk:ID_SCIENTIFIC', '4:kk:ID_SCIENTIFIC']);
		expect(mapped(refused)).toMatchObject({ 'Jumlah Jiwa': 'members', Balita: 'under_five', 'PUS Hamil': 'pregnant', 'Sumber Air Minum Tidak Layak': 'no_safe_water', 'Jamban Tidak Layak': 'no_sanitation', 'Terlalu Muda': 'ignore' });
		expect(publishedDigest(root())).toBe(before);

		const text = new ExcelJS.Workbook();
		const s2 = text.addWorksheet('KRS');
		s2.addRow(sheet.getRow(1).values as ExcelJS.CellValue[]);
		for (const r of rowsOf(false)) s2.addRow(r);
		const fixed = path.join(work(), 'siga-krs-teks.xlsx');
		await text.xlsx.writeFile(fixed);
		expect((await run('households', fixed, { register: 'krs' })).outcome).toBe('published');
		const krs = await query(`SELECT count(*)::INTEGER AS n, count(*) FILTER (no_safe_water)::INTEGER AS water, count(*) FILTER (no_sanitation)::INTEGER AS latrine FROM households WHERE in_krs`);
		expect(krs[0]).toEqual({ n: 3, water: 3, latrine: 1 });
	});

	it('an e-PPGBM export by child finds village, year and month from names and dates, links children to register households by KK, and fills the village counts', async () => {
		const sample = sampleFile('children');
		const result = await run('children', write(sample.fileName, sample.text));
		expect(result.outcome).toBe('published');
		expect(mapped(result)).toMatchObject({ NIK: 'child_nik', 'No KK': 'kk', 'TB/U': 'height_for_age', 'BB/TB': 'weight_for_height', 'Nama Anak': 'ignore', 'Tanggal Pengukuran': 'measured_date' });
		expect(result.mapping?.derived.map((d) => d.field)).toEqual(['village_code', 'period', 'round_month']);
		// 15 of 18 children carry a KK; every KK is a household the P3KE file put on the register.
		expect(result.summary?.linking).toEqual([{ register: 'households', period: 2024, households: 18, matched: 15, rate: 15 / 18 }]);
		const growth = await query(`SELECT sum(measured)::INTEGER AS measured, sum(stunted)::INTEGER AS stunted, sum(wasted)::INTEGER AS wasted FROM child_growth WHERE period = 2024 AND round_month = 8`);
		expect(growth[0]).toEqual({ measured: 18, stunted: 6, wasted: 6 });
	});

	it('the reconciliation view counts households per Kepmensos 262/HUK/2022 criterion and the e-PPGBM children linked to a register', async () => {
		const db = await SnapshotDatabase.open(currentSnapshotDir(root()) as string);
		try {
			const villages = await registersByRegion(db, 2024, '64.02.13', 'village');
			const total = (f: (v: (typeof villages)[number]) => number) => villages.reduce((s, v) => s + f(v), 0);
			const flags = await query(`SELECT count(*) FILTER (housing_unfit)::INTEGER AS housing, count(*) FILTER (no_safe_water)::INTEGER AS water FROM households WHERE period = 2024`);
			expect(total((v) => v.criteria.housing_unfit_hh)).toBe(flags[0]?.housing);
			expect(total((v) => v.criteria.no_safe_water_hh)).toBe(flags[0]?.water);
			expect(total((v) => v.criteria.no_safe_water_hh)).toBeGreaterThan(0);
			expect(total((v) => v.children.children_measured)).toBe(18);
			expect(total((v) => v.children.children_linked)).toBe(15);
			// Stunted children of the three rows without a KK are on no register.
			const unlisted = await query(`SELECT count(*)::INTEGER AS n FROM children WHERE household_id IS NULL AND height_for_age IN ('stunted', 'severely_stunted')`);
			expect(total((v) => v.children.children_stunted_unlisted)).toBe(unlisted[0]?.n);
		} finally {
			db.close();
		}
	});

	it('a BAST list (semicolons, Rupiah with dot thousands, statuses in words, village from its name) publishes against an imported programme', async () => {
		const programmes = sampleFile('programmes');
		expect((await run('programmes', write(programmes.fileName, programmes.text))).outcome).toBe('published');
		const bast = sampleFile('distributions');
		const result = await run('distributions', write(bast.fileName, bast.text), { mapping: { columns: {} } });
		expect(problems(result)).toEqual(['2:programme_code:UNKNOWN_PROGRAMME', '3:programme_code:UNKNOWN_PROGRAMME', '4:programme_code:UNKNOWN_PROGRAMME', '5:programme_code:UNKNOWN_PROGRAMME', '6:programme_code:UNKNOWN_PROGRAMME', '7:programme_code:UNKNOWN_PROGRAMME', '8:programme_code:UNKNOWN_PROGRAMME', '9:programme_code:UNKNOWN_PROGRAMME', '10:programme_code:UNKNOWN_PROGRAMME', '11:programme_code:UNKNOWN_PROGRAMME', '12:programme_code:UNKNOWN_PROGRAMME', '13:programme_code:UNKNOWN_PROGRAMME']);
		// The user names the programme for every row (a constant) instead of the file's column.
		const given = await run('distributions', write('bast-2.csv', bast.text), { mapping: { columns: { 'Kode Program': 'ignore', Tahun: 'ignore' }, constants: { programme_code: 'CONTOH-PANGAN-2025', period: '2025' } } });
		expect(given.outcome).toBe('published');
		expect(mapped(given)).toMatchObject({ 'Nama KPM': 'ignore', 'NIK KPM': 'ignore', Nominal: 'amount_rp', Status: 'status', Desa: 'village_name' });
		const rows = await query(`SELECT status, count(*)::INTEGER AS n, sum(amount_rp)::DOUBLE AS rp FROM distributions GROUP BY 1 ORDER BY 1`);
		expect(rows).toEqual([
			{ status: 'delivered', n: 9, rp: 27_000_000 },
			{ status: 'proposed', n: 3, rp: 9_000_000 }
		]);
	});

	it('a BPS table with decimal commas, dot thousands and indicator titles in words reads as the user means it', async () => {
		const bps = sampleFile('official_indicators');
		const result = await run('official_indicators', write(bps.fileName, bps.text));
		expect(result.outcome).toBe('published');
		expect(mapped(result)).toMatchObject({ 'Kode Wilayah': 'region_code', Wilayah: 'regency_name', Tahun: 'period' });
		const rows = await query(`SELECT indicator, value FROM official_indicators WHERE region_code = '64.02' AND period = 2025 ORDER BY 1`);
		expect(rows).toEqual([
			{ indicator: 'poverty_line', value: 781254 },
			{ indicator: 'poverty_rate', value: 7.02 }
		]);
	});

	it('a saved profile is reused without being named when a later file has the same headers', async () => {
		const sample = sampleFile('households');
		const later = write('p3ke-2025.csv', sample.text.replaceAll('640213', '640213').replace(/Jl\. Contoh No\. 1,/, 'Jl. Contoh No. 1A,'));
		const result = await run('households', later, { register: 'p3ke', dryRun: true });
		expect(result.mapping?.profile).toBe('P3KE Kemenko PMK');
		expect(result.mapping?.constants).toEqual({ period: '2024' });
		expect(result.outcome).toBe('checked');
	});
});
