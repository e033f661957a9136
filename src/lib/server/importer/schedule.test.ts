import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDatabase } from '../db';
import { currentSnapshotDir } from '../snapshot/store';
import { importFile } from '.';
import { KEY, emptyRoot, kk, publishedDigest } from '../../../../tests/importer';

const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };
const HEADER = 'kode,nama,nama_en,instansi,jenis,nilai_satuan_rp,saluran,pendana,kode_wilayah,periode,bulan,bulan_mulai,jumlah_tahap,bulan_per_tahap,tunai_per_tahap_rp,barang_per_tahap_rp,aturan_kelayakan';
/** Samboja food aid, November and December 2025: Rp 300,000 in kind per round. */
const row = (code: string, schedule: string) => `${code},Pangan,Food,Dinsos,in_kind,300000,village,APBD,64.02.13,2025,2,${schedule},"{""register"":""krs""}"`;

describe('programme schedules in the programmes import', () => {
	let root: string;
	let work: string;
	beforeAll(async () => {
		root = await emptyRoot();
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-schedule-'));
	});
	afterAll(() => {
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});
	const write = (name: string, lines: string[]) => {
		const file = path.join(work, name);
		fs.writeFileSync(file, lines.join('\n') + '\n');
		return file;
	};

	it('reports a bad month, zero rounds, a negative amount and a month in words at their row and column, in Indonesian and English', async () => {
		const before = publishedDigest(root);
		const file = write('program-salah.csv', [
			HEADER,
			row('SMB-A', '13,2,1,0,300000'),
			row('SMB-B', '11,0,1,0,300000'),
			row('SMB-C', '11,2,1,-300000,300000'),
			row('SMB-D', 'Nov,2,1,0,300000')
		]);
		const result = await importFile({ kind: 'programmes', file, root, env });
		expect(result.outcome).toBe('rejected');
		expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
			'2:start_month:OUT_OF_RANGE',
			'3:rounds:OUT_OF_RANGE',
			'4:cash_per_round_rp:OUT_OF_RANGE',
			'5:start_month:NOT_INTEGER'
		]);
		expect(result.problems[0]?.message).toEqual({ id: 'Nilai di luar rentang yang diizinkan.', en: 'Value outside the allowed range.' });
		expect(publishedDigest(root)).toBe(before);
	});

	it('refuses a programmes file without a schedule', async () => {
		const file = write('program-lama.csv', ['kode,nama,nama_en,instansi,jenis,nilai_satuan_rp,saluran,pendana,kode_wilayah,periode,bulan,aturan_kelayakan', 'SMB-E,Pangan,Food,Dinsos,in_kind,300000,village,APBD,64.02.13,2025,2,"{""register"":""krs""}"']);
		const result = await importFile({ kind: 'programmes', file, root, env });
		expect(result.problems.map((p) => `${p.column}:${p.code}`).sort()).toEqual([
			'cash_per_round_rp:MISSING_COLUMN',
			'in_kind_per_round_rp:MISSING_COLUMN',
			'round_months:MISSING_COLUMN',
			'rounds:MISSING_COLUMN',
			'start_month:MISSING_COLUMN'
		]);
	});

	it('publishes a schedule, and the next distribution import is judged against it', async () => {
		const programmes = await importFile({ kind: 'programmes', file: write('program.csv', [HEADER, row('SMB-2025', '11,2,1,0,300000')]), root, env });
		expect(programmes.outcome).toBe('published');
		const lines = ['kode_program,periode,tahap,no_kk,kode_desa,status,nilai_rp,tanggal_terima'];
		lines.push(`SMB-2025,2025,1,${kk(1)},64.02.13.1008,receipt_signed,300000,2025-11-12`);
		lines.push(`SMB-2025,2025,2,${kk(1)},64.02.13.1008,receipt_signed,300000,2026-01-01`);
		lines.push(`SMB-2025,2025,1,${kk(2)},64.02.13.1008,delivered,250000,2025-11-20`);
		const distributions = await importFile({ kind: 'distributions', file: write('bast.csv', lines), root, env });
		expect(distributions.outcome).toBe('published');
		const db = await SnapshotDatabase.open(currentSnapshotDir(root) as string);
		try {
			const [village] = await db.query(
				`SELECT recipients::INTEGER AS recipients, off_list::INTEGER AS off_list, paid_exact::INTEGER AS paid_exact, paid_short::INTEGER AS paid_short,
					short_rp::INTEGER AS short_rp, rounds_late::INTEGER AS rounds_late, late_median_days, receipts_signed::INTEGER AS receipts_signed
				FROM programme_rights WHERE programme_code = 'SMB-2025' AND region_code = '64.02.13.1008'`
			);
			// No register was imported, so neither family is on the KRS list; the second is short Rp 50,000 plus its missing December round.
			expect(village).toMatchObject({ recipients: 2, off_list: 2, paid_exact: 1, paid_short: 1, short_rp: 350_000, rounds_late: 1, late_median_days: 1, receipts_signed: 2 });
		} finally {
			db.close();
		}
	});
});
