import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segments } from '../targets/trajectory';
import { kk, publishedDigest, useImportRoot } from '../../../../tests/importer';

/** What the check tells a user: every problem of a file at once, and questions instead of silent guesses. */
const FIXTURES = path.resolve('tests/fixtures/import');

describe('the whole-file check', () => {
	const { root, write, run, query } = useImportRoot('report');
	async function series(region: string): Promise<{ period: number; value: number; method: string; source: string; ci_lower: null; ci_upper: null }[]> {
		const rows = await query(`SELECT period::INTEGER AS period, value, method, source, NULL AS ci_lower, NULL AS ci_upper FROM official_indicators WHERE region_code = $1 AND indicator = 'poverty_rate' ORDER BY period`, [region]);
		return rows as { period: number; value: number; method: string; source: string; ci_lower: null; ci_upper: null }[];
	}

	it('a households file with header problems and value problems reports both, by row and column, in both languages', async () => {
		// `nik` and `region_code` are read as head NIK and village code; `members` is missing; Excel mangled a NIK.
		const file = write(
			'rumah-tangga.csv',
			['no_kk,nik,region_code,periode,desil,penghasilan', `${kk(1)},6.40213E+15,64.02.13.1008,2024,1,900000`, `${kk(2)},6402134507800002,64.02.13.9999,2024,12,800000`, `${kk(3)},640213450780000,6402131009,20x4,2,700000`].join('\n') + '\n'
		);
		const before = publishedDigest(root());
		const result = await run('households', file, { register: 'dtks' });
		expect(result.outcome).toBe('rejected');
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
			'1:penghasilan:UNKNOWN_COLUMN',
			'1:members:MISSING_COLUMN',
			'2:head_nik:ID_SCIENTIFIC',
			'3:decile:OUT_OF_RANGE',
			'3:village_code:UNKNOWN_REGION',
			'4:head_nik:ID_NOT_16_DIGITS',
			'4:period:BAD_PERIOD'
		]);
		const scientific = result.problems.find((p) => p.code === 'ID_SCIENTIFIC');
		expect(scientific?.message.id).toMatch(/notasi ilmiah/);
		expect(scientific?.message.en).toMatch(/scientific notation/);
		expect(result.problems.find((p) => p.code === 'MISSING_COLUMN')?.message.en).toBe('A required column is missing.');
		const rejects = fs.readFileSync(result.rejectsFile as string, 'utf8');
		expect(rejects).toContain('MISSING_COLUMN');
		expect(rejects).toContain('ID_SCIENTIFIC');
		expect(rejects).not.toContain('6402134507800002');
		expect(publishedDigest(root())).toBe(before);
	});

	it('an unknown header gets the closest fields, and its values are checked as the closest one meanwhile', async () => {
		const file = write('rumah-tangga-2.csv', ['no_kk,kode_desa,periode,jumlah anggota kel', `${kk(4)},64.02.13.1008,2024,banyak`].join('\n') + '\n');
		const result = await run('households', file, { register: 'dtks' });
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}:${p.value}`)).toEqual(['1:jumlah anggota kel:UNKNOWN_COLUMN:members, under_five, pregnant', '2:members:NOT_INTEGER:banyak']);
	});

	it('a duplicate official figure names the stored figure and source and says how to replace it', async () => {
		expect((await run('official_indicators', path.join(FIXTURES, 'bps-kemiskinan-kukar-bangka.csv'))).outcome).toBe('published');
		const file = write('bps-march.csv', 'kode_wilayah;indikator;periode;nilai;sumber;metode\n64.02;poverty_rate;2021;7,99;BPS, Susenas March;Susenas March\n');
		const result = await run('official_indicators', file);
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}:${p.value}`)).toEqual(['2:source:DUPLICATE_IN_SNAPSHOT:tersimpan / stored: 7.99 (BPS, Susenas Maret)']);
		expect(result.problems[0]?.message.en).toContain('--replace');
		expect(result.problems[0]?.message.id).toContain('Ganti angka resmi dari sumber lain');
	});

	it('a method worded differently is a question in the check and no break; a declared change is a break from its year', async () => {
		// The series as the demo has it: 2022 and 2025 filled in between the published years.
		const fills = write('isian.csv', 'kode_wilayah;indikator;periode;nilai;sumber;metode\n64.02;poverty_rate;2022;7,8;Sintetis;Garis kemiskinan BPS (kebutuhan dasar)\n64.02;poverty_rate;2025;7,05;Sintetis;Garis kemiskinan BPS (kebutuhan dasar)\n');
		expect((await run('official_indicators', fills)).outcome).toBe('published');
		const march = write(
			'bps-march-all.csv',
			'kode_wilayah;indikator;periode;nilai;sumber;metode\n64.02;poverty_rate;2021;7,99;BPS, Susenas March;Susenas March\n64.02;poverty_rate;2023;7,61;BPS, Susenas March;Susenas March\n64.02;poverty_rate;2024;7,28;BPS, Susenas March;Susenas March\n'
		);
		const checked = await run('official_indicators', march, { replace: true, dryRun: true });
		expect(checked.summary?.questions).toEqual([
			{ region: '64.02', indicator: 'poverty_rate', periods: [2021, 2023, 2024], file: 'Susenas March', stored: 'Garis kemiskinan BPS (kebutuhan dasar)', declared: null }
		]);
		expect((await run('official_indicators', march, { replace: true })).outcome).toBe('published');
		const kept = await series('64.02');
		expect(kept.map((o) => o.source)).toEqual(['BPS, Susenas March', 'Sintetis', 'BPS, Susenas March', 'BPS, Susenas March', 'Sintetis']);
		expect(new Set(kept.map((o) => o.method))).toEqual(new Set(['Garis kemiskinan BPS (kebutuhan dasar)']));
		expect(segments(kept)).toHaveLength(1);

		// The user answers "a real break from 2023": the figures from 2023 carry the file's method.
		const declared = write('bps-march-break.csv', fs.readFileSync(march, 'utf8').replaceAll('Susenas March\n', 'Susenas March (metode baru)\n'));
		const result = await run('official_indicators', declared, { replace: true, methodChanges: [{ region: '64.02', indicator: 'poverty_rate', from: 2023 }] });
		expect(result.summary?.questions.map((q) => q.declared)).toEqual([2023]);
		const broken = await series('64.02');
		expect(broken.map((o) => [o.period, o.method])).toEqual([
			[2021, 'Garis kemiskinan BPS (kebutuhan dasar)'],
			[2022, 'Garis kemiskinan BPS (kebutuhan dasar)'],
			[2023, 'Susenas March (metode baru)'],
			[2024, 'Susenas March (metode baru)'],
			[2025, 'Garis kemiskinan BPS (kebutuhan dasar)']
		]);
	});

	it('a file declares a method change itself with its first year', async () => {
		const file = write('bps-ppp.csv', 'kode_wilayah;indikator;periode;nilai;sumber;metode;metode_sejak\n19.01;poverty_rate;2025;4,1;BPS;Garis kemiskinan baru;2025\n');
		const result = await run('official_indicators', file, { replace: true });
		expect(result.outcome).toBe('published');
		expect(result.summary?.questions).toEqual([{ region: '19.01', indicator: 'poverty_rate', periods: [2025], file: 'Garis kemiskinan baru', stored: 'Garis kemiskinan BPS (kebutuhan dasar)', declared: 2025 }]);
		expect((await series('19.01')).map((o) => o.method)).toEqual(['Garis kemiskinan BPS (kebutuhan dasar)', 'Garis kemiskinan baru']);
	});
});
