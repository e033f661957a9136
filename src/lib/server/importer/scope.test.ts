import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../db';
import { BASE_TABLES } from '../snapshot/schema';
import { currentSnapshot, currentSnapshotDir } from '../snapshot/store';
import { ImportError, importFile, type ImportRequest } from '.';
import { KEY, emptyRoot, kk, publishedDigest } from '../../../../tests/importer';

/**
 * Partial files on a snapshot holding four villages in three regencies: each import changes only the
 * villages × periods (or keys) it holds, unless a wider replace scope is named and confirmed.
 */
const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };
const V = { A: '64.02.13.1008', B: '64.02.13.1009', C: '19.01.01.1001', D: '63.02.01.2001' };
const VILLAGES = Object.values(V);
const ids = (village: number, from: number, to: number) => Array.from({ length: to - from }, (_, k) => 100 * village + from + k);

const tally = { imports: 0, lost: 0 };

function write(file: string, header: string, rows: string[]): string {
	fs.writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
	return file;
}

const HH = 'no_kk,nama_kepala,kode_desa,periode,desil,jumlah_anggota';
const hhRow = (i: number, village: string, period: number, members = (i % 6) + 1) => `${kk(i)},Kepala ${i},${village},${period},${(i % 10) + 1},${members}`;

/**
 * Rows of every base table that the import had no business touching (outside `inside`, a predicate per
 * table over its own columns; `b_households` is the snapshot before) and that are gone afterwards.
 */
async function lostOutside(before: string, after: string, inside: Record<string, string>): Promise<number> {
	const inst = await DuckDBInstance.create(':memory:');
	const conn = await inst.connect();
	try {
		await conn.run(`CREATE VIEW b_households AS SELECT * FROM read_parquet(${quoteLiteral(path.join(before, 'households.parquet'))})`);
		let lost = 0;
		for (const spec of BASE_TABLES) {
			const pred = inside[spec.name] ?? 'false';
			const rows = (file: string) => `SELECT * FROM read_parquet(${quoteLiteral(path.join(file, `${spec.name}.parquet`))}) WHERE NOT coalesce(${pred}, false)`;
			const r = await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM (${rows(before)} EXCEPT ALL ${rows(after)})`);
			lost += Number(r.getRows()[0]?.[0]);
		}
		return lost;
	} finally {
		conn.closeSync();
		inst.closeSync();
	}
}

describe('a partial file never erases other regions', () => {
	let root: string;
	let work: string;
	const run = (kind: string, file: string, extra: Partial<ImportRequest> = {}) => importFile({ kind, file, root, env, ...extra });

	/** Publishes and returns the rows lost outside `inside`; counts the import for the closing tally. */
	async function publishPartial(kind: string, file: string, inside: Record<string, string>, extra: Partial<ImportRequest> = {}) {
		const before = currentSnapshotDir(root) as string;
		const result = await run(kind, file, extra);
		expect(result.outcome, JSON.stringify(result.problems.slice(0, 3))).toBe('published');
		const lost = await lostOutside(before, currentSnapshotDir(root) as string, inside);
		tally.imports++;
		tally.lost += lost;
		return { result, lost };
	}

	beforeAll(async () => {
		root = await emptyRoot();
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-scope-'));
		const dtks = VILLAGES.flatMap((v, n) => [2023, 2024].flatMap((p) => ids(n, 0, 20).map((i) => hhRow(i, v, p))));
		const p3ke = VILLAGES.flatMap((v, n) => ids(n, 10, 30).map((i) => hhRow(i, v, 2024)));
		const programme = 'kode,nama,nama_en,instansi,jenis,nilai_satuan_rp,saluran,pendana,kode_wilayah,periode,bulan,aturan_kelayakan,bulan_mulai,jumlah_tahap,bulan_per_tahap,tunai_per_tahap_rp,barang_per_tahap_rp';
		const distributions = VILLAGES.flatMap((v, n) => [1, 2].flatMap((round) => ids(n, 0, 10).map((i) => `BANSOS-X,2024,${round},${kk(i)},${v},delivered,250000`)));
		const growth = VILLAGES.flatMap((v) => [2, 8].map((m) => `${v},2024,${m},100,${m + 10}`));
		const official = ['64.02', '19.01', '63.02'].flatMap((r) => [2023, 2024].map((p) => `${r},poverty_rate,${p},${p - 2015},BPS,Susenas`));
		for (const [kind, file, register] of [
			['households', write(path.join(work, 'dtks.csv'), HH, dtks), 'dtks'],
			['households', write(path.join(work, 'p3ke.csv'), HH, p3ke), 'p3ke'],
			['programmes', write(path.join(work, 'prog.csv'), programme, ['BANSOS-X,Paket,Package,Dinsos,in_kind,250000,PT Pos,APBD,ID,2024,3,"{""register"":""dtks""}",1,2,3,0,250000']), undefined],
			['distributions', write(path.join(work, 'dist.csv'), 'kode_program,periode,tahap,no_kk,kode_desa,status,nilai_rp', distributions), undefined],
			['child_growth', write(path.join(work, 'cg.csv'), 'kode_desa,periode,bulan_penimbangan,diukur,stunting', growth), undefined],
			['official_indicators', write(path.join(work, 'bps.csv'), 'kode_wilayah,indikator,periode,nilai,sumber,metode', official), undefined]
		] as const) {
			const r = await run(kind, file, { register });
			expect(r.outcome, `${kind}: ${JSON.stringify(r.problems.slice(0, 3))}`).toBe('published');
		}
	}, 180_000);
	afterAll(() => {
		console.log(`partial-file imports: ${tally.imports} tried, ${tally.lost} rows lost outside their villages/keys`);
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('a one-row DTKS file for one village replaces DTKS there only, after the large removal is confirmed by name', async () => {
		const file = write(path.join(work, 'dtks-a.csv'), HH, [hhRow(0, V.A, 2024, 7)]);
		const digest = publishedDigest(root);
		const refused = await run('households', file, { register: 'dtks' });
		expect(refused.outcome).toBe('unconfirmed');
		expect(refused.summary?.changes).toEqual([{ group: 'dtks', area: '64.02', name: 'Kabupaten Kutai Kartanegara', before: 40, after: 21, removed: 19 }]);
		expect(refused.summary?.confirm).toEqual(['64.02']);
		expect(publishedDigest(root), 'nothing published without the confirmation').toBe(digest);
		const inside = `village_code = '${V.A}' AND period = 2024`;
		const { lost } = await publishPartial('households', file, { households: inside, household_names: `household_id IN (SELECT household_id FROM b_households WHERE ${inside})` }, { register: 'dtks', confirmRemoval: ['64.02'] });
		expect(lost).toBe(0);
	});

	it('a one-period file (DTKS 2023 for one Bangka village) leaves 2024 and every other village as they were', async () => {
		const file = write(path.join(work, 'dtks-c-2023.csv'), HH, ids(2, 0, 20).map((i) => hhRow(i, V.C, 2023, 2)));
		const inside = `village_code = '${V.C}' AND period = 2023`;
		const { result, lost } = await publishPartial('households', file, { households: inside, household_names: `household_id IN (SELECT household_id FROM b_households WHERE ${inside})` }, { register: 'dtks' });
		expect(result.summary?.confirm).toEqual([]);
		expect(lost).toBe(0);
	});

	it('a one-register file (KRS for one village) changes no other register or village', async () => {
		const file = write(path.join(work, 'krs-b.csv'), HH, ids(1, 0, 5).map((i) => hhRow(i, V.B, 2024)));
		const { lost } = await publishPartial('households', file, { households: `village_code = '${V.B}' AND period = 2024`, household_names: `register = 'krs'` }, { register: 'krs' });
		expect(lost).toBe(0);
	});

	it('a distribution list for one village replaces that programme × period × village only', async () => {
		const file = write(path.join(work, 'dist-d.csv'), 'kode_program,periode,tahap,no_kk,kode_desa,status,nilai_rp', ids(3, 0, 3).map((i) => `BANSOS-X,2024,1,${kk(i)},${V.D},delivered,300000`));
		const refused = await run('distributions', file);
		expect(refused.outcome).toBe('unconfirmed');
		expect(refused.summary?.changes).toEqual([{ group: 'distributions:BANSOS-X', area: '63.02', name: 'Kabupaten Kotabaru', before: 20, after: 3, removed: 17 }]);
		const { lost } = await publishPartial('distributions', file, { distributions: `village_code = '${V.D}'` }, { confirmRemoval: ['63.02'] });
		expect(lost).toBe(0);
	});

	it('an e-PPGBM file for one village and month replaces that village × period × month only', async () => {
		const file = write(path.join(work, 'cg-a.csv'), 'kode_desa,periode,bulan_penimbangan,diukur,stunting', [`${V.A},2024,8,120,30`]);
		const { lost } = await publishPartial('child_growth', file, { child_growth: `village_code = '${V.A}' AND period = 2024 AND round_month = 8` });
		expect(lost).toBe(0);
	});

	it('an official figure for one regency and year replaces that key only', async () => {
		const file = write(path.join(work, 'bps-kukar.csv'), 'kode_wilayah,indikator,periode,nilai,sumber,metode', ['64.02,poverty_rate,2024,7.28,BPS,Susenas']);
		const { lost } = await publishPartial('official_indicators', file, { official_indicators: `region_code = '64.02' AND indicator = 'poverty_rate' AND period = 2024` });
		expect(lost).toBe(0);
	});

	it('replacing a whole regency must be named, is shown in the check, and is refused until confirmed', async () => {
		const file = write(path.join(work, 'dtks-kukar.csv'), HH, [hhRow(0, V.A, 2024, 3)]);
		const digest = publishedDigest(root);
		const refused = await run('households', file, { register: 'dtks', replaceScope: '64.02' });
		expect(refused.outcome).toBe('unconfirmed');
		expect(refused.summary?.replaceScope).toBe('64.02');
		expect(refused.summary?.changes).toEqual([{ group: 'dtks', area: '64.02', name: 'Kabupaten Kutai Kartanegara', before: 21, after: 1, removed: 20 }]);
		expect(publishedDigest(root)).toBe(digest);
		const inside = `village_code LIKE '64.02.%' AND period = 2024`;
		const { lost } = await publishPartial('households', file, { households: inside, household_names: `household_id IN (SELECT household_id FROM b_households WHERE ${inside})` }, { register: 'dtks', replaceScope: '64.02', confirmRemoval: ['64.02'] });
		expect(lost).toBe(0);
		expect(currentSnapshot(root)?.manifest.sources.at(-1)?.scope).toBe('dtks:2024@64.02');
	});

	it('refuses a replace scope that is no region, or that a kind without a region per row cannot use', async () => {
		const file = write(path.join(work, 'dtks-x.csv'), HH, [hhRow(0, V.A, 2024)]);
		await expect(run('households', file, { register: 'dtks', replaceScope: '99.99' })).rejects.toSatisfy((e) => e instanceof ImportError && e.code === 'BAD_REPLACE_SCOPE');
		await expect(run('households', file, { register: 'dtks', replaceScope: '64.02; DROP' })).rejects.toSatisfy((e) => e instanceof ImportError && e.code === 'BAD_REPLACE_SCOPE');
		const prog = write(path.join(work, 'prog2.csv'), 'kode,nama,nama_en,instansi,jenis,nilai_satuan_rp,saluran,pendana,kode_wilayah,periode,bulan,aturan_kelayakan', ['P2,a,b,c,cash,1,d,e,64.02,2024,1,"{""register"":""dtks""}"']);
		await expect(run('programmes', prog, { replaceScope: '64.02' })).rejects.toSatisfy((e) => e instanceof ImportError && e.code === 'REPLACE_SCOPE_NOT_APPLICABLE');
	});
});
