import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as rightsGET } from '../../../routes/api/v1/rights/+server';
import { callEndpoint, NATIONAL_ADMIN } from '../../../../tests/endpoint';
import { SnapshotDatabase } from '../db';
import { briefRights, rightsByProgramme } from './service';

let db: SnapshotDatabase;
beforeAll(async () => {
	db = await SnapshotDatabase.open(path.resolve('data/current'));
});
afterAll(() => db?.close());

const api = (query: string) => callEndpoint('/api/v1/rights', rightsGET, `/api/v1/rights?${query}`);

describe('the four rights on the demo snapshot', () => {
	it('shows Samboja 2025 with its one off-list family, three short-paid, four late rounds and one December package never delivered', async () => {
		const samboja = (await rightsByProgramme(db, NATIONAL_ADMIN, '64.02')).find((p) => p.code === 'KKR-STUNTING-2025')!;
		expect(samboja).toMatchObject({ period: 2025, start_month: 11, rounds: 2, recipients: 50, reached: 50, reached_eligible: 49, off_list: 1, paid_short: 3, short_rp: 400_000, rounds_delivered: 99, rounds_late: 4, rounds_undelivered: 1 });
		expect(samboja.sasaran_pct).toBe(98);
		expect(samboja.receipts_signed).toBeLessThan(99);
	});

	it('gives each seed story something to show on every right but keeps its totals', async () => {
		const rows = [...(await rightsByProgramme(db, NATIONAL_ADMIN, '19.01')), ...(await rightsByProgramme(db, NATIONAL_ADMIN, '63.02')), ...(await rightsByProgramme(db, NATIONAL_ADMIN, '64.02'))];
		const story = (code: string) => rows.find((r) => r.code === code)!;
		expect(story('KTB-PANGAN-2024')).toMatchObject({ recipients: 20_200 });
		expect(story('KTB-PANGAN-2024').off_list).toBe(story('KTB-PANGAN-2024').reached - story('KTB-PANGAN-2024').reached_eligible);
		expect(story('KTB-PANGAN-2024').paid_short).toBeGreaterThan(0);
		expect(story('KKR-SEMBAKO-2023')).toMatchObject({ recipients: 1000, paid_exact: 1000, dropouts: 5000 });
		expect(story('KKR-SEMBAKO-2023').dropouts_no_reason).toBeGreaterThan(0);
		for (const code of ['BGK-PAKET-2023', 'BGK-TUNAI-2023', 'KTB-PANGAN-2024', 'KKR-SEMBAKO-2023']) {
			const r = story(code);
			expect(r.rounds_late, code).toBeGreaterThan(0);
			expect(r.rounds_late / r.rounds_delivered, code).toBeLessThan(0.1);
			expect(r.receipts_missing, code).toBeGreaterThan(0);
		}
		expect(story('BGK-TUNAI-2023')).toMatchObject({ recipients: 1717, rounds_delivered: 3 * 1717, paid_exact: 1717 });
	});

	it('counts the same recipients as the coverage table for every programme and region', async () => {
		const [mismatch] = await db.query<{ n: number }>(`
			SELECT count(*)::INTEGER AS n FROM programme_rights x JOIN programme_coverage c USING (programme_code, region_code, level)
			WHERE x.recipients <> c.reached`);
		expect(mismatch!.n).toBe(0);
	});

	it('sorts Samboja’s villages by the right asked for and downloads them as CSV and XLSX with the method notes', async () => {
		const json = await (await api('region=64.02&program=KKR-STUNTING-2025&rights_sort=sasaran_pct&rights_dir=asc')).json();
		expect(json.rows.map((r: { code: string }) => r.code)).toEqual(['64.02.13.1008', '64.02.13.1009']);
		expect(json.rows[0].off_list).toBe(1);
		const csv = await (await api('region=64.02&program=KKR-STUNTING-2025&format=csv&lang=en')).text();
		expect(csv).toContain('Right time: rounds delivered inside their window');
		expect(csv).toMatch(/Wonotirto,/);
		const xlsx = await api('region=64.02&program=KKR-STUNTING-2025&table=programmes&format=xlsx');
		expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await xlsx.arrayBuffer());
		const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
		expect(cells).toContain('Bantuan pangan keluarga miskin berisiko stunting Samboja 2025');
	});

	it('refuses an unknown sort with a bilingual 400', async () => {
		const res = await api('region=64.02&program=KKR-STUNTING-2025&rights_sort=nik');
		expect(res.status).toBe(400);
		expect((await res.json()).error).toHaveProperty('en');
	});

	it('gives the brief one line per programme of the latest period up to the evaluation year', async () => {
		const brief = await briefRights(db, NATIONAL_ADMIN, '64.02', '2025-06-01');
		expect(brief.period).toBe(2025);
		expect(brief.programmes.map((p) => p.code)).toEqual(['BPNT-2025', 'KKR-STUNTING-2025', 'PKH-2025']);
		expect((await briefRights(db, NATIONAL_ADMIN, '19.01', '2023-12-31')).programmes.map((p) => p.code)).toEqual(['BGK-PAKET-2023', 'BGK-TUNAI-2023', 'BPNT-2023', 'PKH-2023']);
	});
});
