import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDatabase } from '../db';
import { importFile } from '../importer';
import { KEY, emptyRoot } from '../../../../tests/importer';
import { getRegion } from '../regions/query';
import { currentSnapshotDir } from '../snapshot/store';
import { loadTargets } from './query';
import { targetInForce } from './select';
import { regionChain } from './service';

// A region adds its own targets with the importer's `targets` kind (Indonesian headers, decimal commas).
const HEADER = 'kode_wilayah,indikator,nilai_min,nilai_maks,tenggat,dasar_hukum,tanggal_ditetapkan';
const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };

describe('regional targets imported from CSV', () => {
	let root: string;
	let work: string;
	beforeAll(async () => {
		root = await emptyRoot();
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-targets-'));
	}, 120_000);
	afterAll(() => {
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it("puts Kotabaru's own stunting target in force over the national one from its adoption date", async () => {
		const file = path.join(work, 'target-kotabaru.csv');
		fs.writeFileSync(
			file,
			[
				HEADER,
				'ID,stunting_prevalence,"14,2","14,2",2029-12-31,RPJMN 2025–2029,2025-02-10',
				'63.02,stunting_prevalence,16,16,2026-12-31,Perbup Kotabaru (uji),2025-04-01'
			].join('\n') + '\n'
		);
		const result = await importFile({ kind: 'targets', file, root, env });
		expect(result.outcome).toBe('published');

		const db = await SnapshotDatabase.open(currentSnapshotDir(root) as string);
		try {
			const targets = await loadTargets(db);
			expect(targets).toHaveLength(2);
			const chain = await regionChain(db, (await getRegion(db, '63.02'))!);
			expect(chain).toEqual(['63.02', '63', 'ID']);
			expect(targetInForce(targets, chain, 'stunting_prevalence', '2025-03-31')).toMatchObject({ inherited: true, target: { basis: 'RPJMN 2025–2029', value_max: 14.2 } });
			expect(targetInForce(targets, chain, 'stunting_prevalence', '2025-04-01')).toMatchObject({ inherited: false, target: { basis: 'Perbup Kotabaru (uji)', value_max: 16 } });
		} finally {
			db.close();
		}
	});

	it('rejects a range whose lower bound exceeds the upper, naming the row and column, and publishes nothing', async () => {
		const before = fs.readlinkSync(path.join(root, 'current'));
		const file = path.join(work, 'target-bad.csv');
		fs.writeFileSync(file, [HEADER, '64.02,poverty_rate,6,5,2029-12-31,RPJMD Kutai Kartanegara (uji),2025-05-01'].join('\n') + '\n');
		const result = await importFile({ kind: 'targets', file, root, env });
		expect(result.outcome).toBe('rejected');
		expect(result.problems).toEqual([expect.objectContaining({ row: 2, column: 'value_min', code: 'MIN_GT_MAX' })]);
		expect(fs.readlinkSync(path.join(root, 'current'))).toBe(before);
	});
});
