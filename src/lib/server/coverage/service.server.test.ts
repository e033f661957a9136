import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/policy';
import { callEndpoint, NATIONAL_ADMIN } from '../../../../tests/endpoint';
import { GET as coverageGET } from '../../../routes/api/v1/coverage/+server';
import { GET as allocationGET } from '../../../routes/api/v1/allocation/+server';
import { SnapshotDatabase } from '../db';
import { toCsvFile, toXlsxFile, type ExportTable } from '../export/table';
import { convergence, regionTotals, dropouts, overlap, registerCombos } from './query';
import { workbenchAnswerFile } from './prebuilt';
import { allocationParams, coverageParams, getAllocation, getCoverage, resolveWorkbench } from './service';

let db: SnapshotDatabase;

beforeAll(async () => {
	db = await SnapshotDatabase.open(path.resolve('data/current'));
});
afterAll(() => db?.close());

/** Calls an endpoint the way the app does, as an administrator for the whole country. */
const api = (handler: typeof coverageGET | typeof allocationGET, query: string, headers?: HeadersInit) =>
	handler === coverageGET
		? callEndpoint('/api/v1/coverage', handler, `/api/v1/coverage?${query}`, NATIONAL_ADMIN, headers)
		: callEndpoint('/api/v1/allocation', handler, `/api/v1/allocation?${query}`, NATIONAL_ADMIN, headers);

describe('coverage on the demo snapshot', () => {
	it("reports Kotabaru's exclusion error equal to a separate count over household and distribution rows", async () => {
		// The programme's rule written out by hand: on P3KE, KRS or DTKS in 2024.
		const [direct] = await db.query<{ n: number }>(`
			SELECT count(*)::INTEGER AS n FROM households h
			WHERE h.period = 2024 AND starts_with(h.village_code, '63.02.') AND (h.in_p3ke OR h.in_krs OR h.in_dtks)
				AND h.household_id NOT IN (
					SELECT household_id FROM distributions
					WHERE programme_code = 'KTB-PANGAN-2024' AND status IN ('delivered', 'receipt_signed'))`);
		const res = await api(coverageGET, 'region=63.02&program=KTB-PANGAN-2024');
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(direct!.n).toBeGreaterThan(0);
		expect(body.total.exclusion).toBe(direct!.n);
		expect(body.total.reached).toBe(20_200);
		expect(body.rows).toHaveLength(202);
		expect(body.rows.reduce((s: number, r: { exclusion: number }) => s + r.exclusion, 0)).toBe(direct!.n);
	});

	it("sends the country's default coverage table and allocation plans as the snapshot build wrote them, equal to what the tables give", async () => {
		const wb = (await resolveWorkbench(db, NATIONAL_ADMIN, 'ID', undefined))!;
		const code = wb.programme.code;
		const asked = [
			{ stem: 'cakupan', handler: coverageGET, query: `region=ID&program=${code}`, p: coverageParams.parse({}), live: () => getCoverage(db, wb, coverageParams.parse({})) },
			{ stem: 'alokasi', handler: allocationGET, query: `region=ID&program=${code}&rule=unmet`, p: allocationParams.parse({ rule: 'unmet' }), live: () => getAllocation(db, wb, allocationParams.parse({ rule: 'unmet' })) }
		];
		for (const a of asked) {
			const file = workbenchAnswerFile(a.stem, 'ID', code, a.p);
			expect(db.manifest.answers?.[file]).toBeDefined();
			const res = await api(a.handler, a.query, { 'accept-encoding': 'gzip' });
			expect(res.headers.get('content-encoding')).toBe('gzip');
			const sent = Buffer.from(await res.arrayBuffer());
			expect(sent.equals(fs.readFileSync(path.join(db.dir, file)))).toBe(true);
			expect(JSON.parse(gunzipSync(sent).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(await a.live())));
		}
		// A client that does not take gzip gets the same answer inflated.
		const plain = await api(coverageGET, `region=ID&program=${code}`);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect((await plain.json()).rows.length).toBe((await getCoverage(db, wb, coverageParams.parse({}))).count);
	});

	it("reads a region's coverage rows once per snapshot: another page, filter or the allocation starts from the same rows", async () => {
		const wb = (await resolveWorkbench(db, NATIONAL_ADMIN, '63.02', 'KTB-PANGAN-2024'))!;
		const first = await getCoverage(db, wb, coverageParams.parse({ sort: 'code', dir: 'asc' }));
		const filtered = await getCoverage(db, wb, coverageParams.parse({ sort: 'code', dir: 'asc', district: '63.02.01' }));
		expect(filtered.rows.length).toBeLessThan(first.rows.length);
		expect(filtered.rows[0]).toBe(first.rows.find((r) => r.code === filtered.rows[0]!.code));
		const plan = await getAllocation(db, wb, allocationParams.parse({ rule: 'flat', packages: '202' }));
		expect(plan.rows.find((r) => r.code === first.rows[0]!.code)?.eligible).toBe(first.rows[0]!.eligible);
		// Another snapshot (here: the same files opened again) reads its own.
		const other = await SnapshotDatabase.open(db.dir);
		try {
			const again = await getCoverage(other, { ...wb }, coverageParams.parse({ sort: 'code', dir: 'asc' }));
			expect(again.rows).toEqual(first.rows);
			expect(again.rows[0]).not.toBe(first.rows[0]);
		} finally {
			other.close();
		}
	});

	it('filters villages in the URL: one district, largest unmet need first', async () => {
		const body = await (await api(coverageGET, 'region=63.02&program=KTB-PANGAN-2024&district=63.02.01&sort=exclusion&dir=desc&top=3')).json();
		expect(body.rows).toHaveLength(3);
		expect(body.rows.every((r: { code: string }) => r.code.startsWith('63.02.01.'))).toBe(true);
		expect(body.rows[0].exclusion).toBeGreaterThanOrEqual(body.rows[2].exclusion);
	});

	it('rejects unknown parameters and programmes with a bilingual message', async () => {
		const bad = await api(coverageGET, 'region=63.02&program=KTB-PANGAN-2024&sortx=1');
		expect(bad.status).toBe(400);
		const missing = await api(coverageGET, 'region=63.02&program=NOPE');
		expect(missing.status).toBe(404);
		expect((await missing.json()).error.id).toContain('NOPE');
	});

	it('flat rule gives 100 packages to each of the 202 Kotabaru villages, 20,200 in total', async () => {
		const body = await (await api(allocationGET, 'region=63.02&program=KTB-PANGAN-2024&rule=flat&packages=20200')).json();
		expect(body.rows).toHaveLength(202);
		expect(body.rows.every((r: { allocated: number }) => r.allocated === 100)).toBe(true);
		expect(body.totals.allocated).toBe(20_200);
	});

	it('proportional to eligible households reaches at least as many eligible households as the flat split', async () => {
		const wb = (await resolveWorkbench(db, NATIONAL_ADMIN, '63.02', 'KTB-PANGAN-2024'))!;
		const r = await getAllocation(db, wb, allocationParams.parse({ rule: 'eligible', packages: '20200', min: '20' }));
		expect(r.totals.allocated).toBe(20_200);
		expect(Math.min(...r.rows.map((x) => x.allocated))).toBeGreaterThanOrEqual(20);
		expect(r.totals.covered).toBeGreaterThanOrEqual(r.totals.flat_covered);
		expect(r.totals.covered + r.totals.unreached).toBe(r.totals.eligible);
	});

	it('plans the next 100 Kotabaru packages among eligible households not yet reached, most packages first, and lowers the exclusion error by what they reach', async () => {
		const body = await (await api(allocationGET, 'region=63.02&program=KTB-PANGAN-2024&mode=next&rule=unmet&packages=100')).json();
		const coverage = await (await api(coverageGET, 'region=63.02&program=KTB-PANGAN-2024')).json();
		expect(body.mode).toBe('next');
		expect(body.totals.allocated).toBe(100);
		// Each of the 100 packages finds a household not yet reached: every village given one has hundreds unmet.
		expect(body.totals.covered).toBe(100);
		expect(body.exclusion.before).toBe(coverage.total.exclusion);
		expect(body.exclusion.after).toBe(coverage.total.exclusion - 100);
		expect(body.exclusion.after_pct).toBeCloseTo((100 * (coverage.total.exclusion - 100)) / coverage.total.eligible, 9);
		const packages = body.rows.map((r: { allocated: number }) => r.allocated);
		expect(packages).toEqual([...packages].sort((a, b) => b - a));
		expect(body.rows[0].unmet).toBe(Math.max(...coverage.rows.map((r: { exclusion: number }) => r.exclusion)));
		// Only unmet need counts: a village reached in full gets nothing.
		for (const r of body.rows as { unmet: number; allocated: number; unreached: number; covered: number }[]) {
			if (r.unmet === 0) expect(r.allocated).toBe(0);
			expect(r.covered + r.unreached).toBe(r.unmet);
		}
	});

	it('asks for a number before planning the next packages, in both languages', async () => {
		const res = await api(allocationGET, 'region=63.02&program=KTB-PANGAN-2024&mode=next');
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatchObject({ id: expect.stringContaining('paket berikutnya'), en: expect.stringContaining('next packages') });
	});

	it('writes the distribution plan with each village linked to its by-name list', async () => {
		const res = await api(allocationGET, 'region=63.02&program=KTB-PANGAN-2024&mode=next&rule=unmet&packages=100&format=xlsx');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.worksheets[0]!;
		let at = 1;
		while (sheet.getRow(at).getCell(1).value !== 'Kode') at++;
		const link = (sheet.getRow(at).values as unknown[]).indexOf('Daftar nama desa');
		expect(sheet.rowCount - at).toBe(202);
		const first = sheet.getRow(at + 1);
		expect(first.getCell(4).value).toBe(Math.max(...Array.from({ length: 202 }, (_, i) => Number(sheet.getRow(at + 1 + i).getCell(4).value))));
		expect((first.getCell(link).value as { hyperlink: string }).hyperlink).toBe(`http://x/daftar/${first.getCell(1).value}?program=KTB-PANGAN-2024`);
		expect(String(sheet.getRow(1).getCell(2).value)).toContain('Rencana distribusi 100 paket berikutnya');
	});

	it('turns a Rp 3 billion budget into 1,000 Kutai Kartanegara packages of Rp 3,000,000', async () => {
		const body = await (await api(allocationGET, 'region=64.02&program=KKR-SEMBAKO-2023&rule=unmet&budget=3000000000')).json();
		expect(body.packages).toBe(1000);
		expect(body.totals.allocated).toBe(1000);
		expect(body.rows).toHaveLength(237);
	});

	it('shows the Bangka funnel: 15,000 listed, 1,717 verified, with the reasons for dropping out', async () => {
		const t = (await regionTotals(db, 'BGK-PAKET-2023', '19.01'))!;
		expect(t.listed).toBe(15_000);
		expect(t.verified).toBe(1_717);
		expect(t.delivered).toBe(1_717);
		const reasons = await dropouts(db, 'BGK-PAKET-2023', '19.01');
		expect(reasons.reduce((s, r) => s + r.households, 0)).toBe(15_000 - 1_717);
	});

	it('shows Kotabaru’s BPNT 2025 funnel with 12,853 delivered of 18,508 eligible and no stage before delivery copied from it', async () => {
		const t = (await regionTotals(db, 'BPNT-2025', '63.02'))!;
		expect(t).toMatchObject({ eligible: 18_508, listed: null, verified: null, passed: null, delivered: 12_853 });
		const k = (await regionTotals(db, 'KKR-SEMBAKO-2023', '64.02'))!;
		expect(k).toMatchObject({ listed: null, verified: 6_000, delivered: 1_000 });
	});

	it('counts households reached by both Kotabaru packages and BPNT in 2024, and register combinations', async () => {
		const cells = await overlap(db, 2024, '63.02');
		const own = cells.find((c) => c.programme_a === 'KTB-PANGAN-2024' && c.programme_b === 'KTB-PANGAN-2024');
		expect(own?.households).toBe(20_200);
		const [direct] = await db.query<{ n: number }>(`
			SELECT count(DISTINCT a.household_id)::INTEGER AS n FROM distributions a JOIN distributions b USING (household_id)
			WHERE a.programme_code = 'BPNT-2024' AND b.programme_code = 'KTB-PANGAN-2024'
				AND a.status IN ('delivered', 'receipt_signed') AND b.status IN ('delivered', 'receipt_signed')`);
		expect(cells.find((c) => c.programme_a === 'BPNT-2024' && c.programme_b === 'KTB-PANGAN-2024')?.households).toBe(direct!.n);
		const combos = await registerCombos(db, 2024, '63.02');
		const [onAny] = await db.query<{ n: number }>(`
			SELECT count(*)::INTEGER AS n FROM households
			WHERE period = 2024 AND starts_with(village_code, '63.02.') AND (in_dtks OR in_p3ke OR in_dtsen OR in_krs)`);
		expect(combos.reduce((s, c) => s + c.households, 0)).toBe(onAny!.n);
	});
});

describe('convergence for families at risk of stunting', () => {
	it('counts Kutai Kartanegara KRS families that received all five interventions as a direct query does', async () => {
		const [direct] = await db.query<{ families: number; all: number }>(`
			WITH got AS (
				SELECT DISTINCT d.household_id, i.intervention FROM distributions d
				JOIN programme_interventions i USING (programme_code)
				WHERE d.period = 2024 AND d.status IN ('delivered', 'receipt_signed')
			), fam AS (
				SELECT h.household_id, count(DISTINCT g.intervention) AS n FROM households h LEFT JOIN got g USING (household_id)
				WHERE h.period = 2024 AND h.in_krs AND starts_with(h.village_code, '64.02.') GROUP BY h.household_id
			)
			SELECT count(*)::INTEGER AS families, (count(*) FILTER (n = 5))::INTEGER AS "all" FROM fam`);
		const rows = await convergence(db, 2024, '64.02', 'village');
		const own = rows[0]!;
		expect(own.code).toBe('64.02');
		expect(own.families).toBe(direct!.families);
		expect(own.all).toBe(direct!.all);
		expect(own.all).toBeGreaterThan(0);
		expect(own.all).toBeLessThan(own.families);
		expect(own.by_count.reduce((s, n) => s + n, 0)).toBe(own.families);
		const villages = rows.slice(1);
		expect(villages).toHaveLength(237);
		expect(villages.reduce((s, v) => s + v.all, 0)).toBe(own.all);
		// Shares differ by village, so a planner can see where services do not converge.
		expect(new Set(villages.map((v) => Math.round(v.all_pct ?? -1))).size).toBeGreaterThan(3);
	});
});

describe('exports', () => {
	const table: ExportTable = {
		title: 'Cakupan uji',
		filters: [['Filter district', '63.02.01']],
		source: 'Register demo',
		method: 'uji',
		snapshot: 'snap-1',
		columns: [
			{ key: 'name', label: 'Nama', type: 'string' },
			{ key: 'eligible', label: 'Layak', type: 'number' }
		],
		rows: [
			{ name: '=HYPERLINK("http://x")', eligible: 1234 },
			{ name: '=cmd|\' /C calc\'!A0', eligible: 5.5 },
			{ name: 'Sungup', eligible: null }
		]
	};

	it('writes title, filters, source and snapshot into the XLSX, numbers as numbers and formulas neutralised', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsxFile(table)).buffer);
		const ws = wb.getWorksheet('Data')!;
		const values = ws.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
		expect(values).toEqual(expect.arrayContaining(['Cakupan uji', '63.02.01', 'Register demo', 'snap-1']));
		const dataRow = ws.getRow(ws.rowCount - 2);
		expect(dataRow.getCell(1).value).toBe(`'=HYPERLINK("http://x")`);
		expect(dataRow.getCell(2).value).toBe(1234);
		expect(dataRow.getCell(2).type).toBe(ExcelJS.ValueType.Number);
		const cmd = ws.getRow(ws.rowCount - 1).getCell(1);
		expect(cmd.type).toBe(ExcelJS.ValueType.String);
		expect(String(cmd.value)).toBe(`'=cmd|' /C calc'!A0`);
		// No cell anywhere in the sheet is a formula.
		ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
	});

	it('writes the same header and neutralised cells into the CSV', () => {
		const csv = toCsvFile(table);
		expect(csv).toContain('Snapshot,snap-1');
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")",1234`);
		expect(csv.trimEnd().split('\r\n').at(-1)).toBe('Sungup,');
	});

	it('serves the coverage table as an XLSX download', async () => {
		const res = await api(coverageGET, 'region=63.02&program=KTB-PANGAN-2024&format=xlsx&lang=en&top=5');
		expect(res.headers.get('content-type')).toContain('spreadsheetml');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const ws = wb.getWorksheet('Data')!;
		expect(String(ws.getCell('B1').value)).toContain('Coverage of Kotabaru food and milk packages 2024');
		expect(typeof ws.getRow(ws.rowCount).getCell(4).value).toBe('number');
	});

	it('serves the KRS convergence table as CSV with the same all-five count as the JSON', async () => {
		const q = 'region=64.02&program=KKR-KRS-PANGAN-2024&table=convergence&district=64.02.13';
		const body = await (await api(coverageGET, q)).json();
		expect(body.rows.length).toBeGreaterThan(0);
		expect(body.rows.every((r: { code: string }) => r.code.startsWith('64.02.13.'))).toBe(true);
		const csv = await (await api(coverageGET, `${q}&format=csv&lang=en`)).text();
		expect(csv).toContain('Filter district,64.02.13');
		const lines = csv.trimEnd().split('\r\n');
		const head = lines.findIndex((l) => l.startsWith('Code,'));
		const allCol = lines[head]!.split(',').indexOf('Received all five');
		const first = lines[head + 1]!.split(',');
		expect(Number(first[allCol])).toBe(body.rows[0].all);
	});

	it('serves the Bangka funnel as an XLSX with stage names and counts as numbers', async () => {
		const res = await api(coverageGET, 'region=19.01&program=BGK-PAKET-2023&table=funnel&format=xlsx');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const ws = wb.getWorksheet('Data')!;
		const rows = ws.getSheetValues().filter(Array.isArray) as unknown[][];
		const verified = rows.find((r) => r[1] === 'Terverifikasi');
		expect(verified?.[2]).toBe(1_717);
		expect(rows.find((r) => r[1] === 'Terdaftar/diusulkan')?.[2]).toBe(15_000);
	});

	it('rejects an unknown table name with a bilingual message naming the parameter', async () => {
		const res = await api(coverageGET, 'region=19.01&program=BGK-PAKET-2023&table=nik');
		expect(res.status).toBe(400);
		expect(JSON.stringify(await res.json())).toContain('table');
	});
});

describe('agency officers', () => {
	const dinkes: Principal = { id: 9, username: 'dinkes.kukar', role: 'agency', scope: '64.02', agency: 'dinkes' };
	const HEALTH = new Set(['KKR-KRS-KUNJUNGAN-2024', 'KKR-KRS-PANGAN-2024']);
	const as = (path: string, who: Principal = dinkes) =>
		path.startsWith('/api/v1/allocation') ? callEndpoint('/api/v1/allocation', allocationGET, path, who) : callEndpoint('/api/v1/coverage', coverageGET, path, who);

	it('open a health-office programme by default and see overlaps between health-office programmes only', async () => {
		expect(HEALTH.has((await (await as('/api/v1/coverage?region=64.02')).json()).programme)).toBe(true);
		const planner = (await (await as('/api/v1/coverage?region=64.02&program=KKR-KRS-PANGAN-2024&table=overlap', NATIONAL_ADMIN)).json()).rows as { programme_a: string; programme_b: string }[];
		const own = (await (await as('/api/v1/coverage?region=64.02&program=KKR-KRS-PANGAN-2024&table=overlap')).json()).rows as typeof planner;
		expect(own).toEqual(planner.filter((c) => HEALTH.has(c.programme_a) && HEALTH.has(c.programme_b)));
		expect(own.length).toBeLessThan(planner.length);
	});

	it('get a 404 without figures for a social-affairs programme, in JSON, CSV, XLSX, side tables and allocation', async () => {
		const named = 'region=64.02&program=KKR-SEMBAKO-2023';
		for (const path of [`/api/v1/coverage?${named}`, `/api/v1/coverage?${named}&format=csv`, `/api/v1/coverage?${named}&format=xlsx`, `/api/v1/coverage?${named}&table=funnel`, `/api/v1/allocation?${named}&rule=flat`]) {
			const res = await as(path);
			expect(res.status, path).toBe(404);
			expect(res.headers.get('content-type'), path).toContain('application/json');
			expect(Object.keys(await res.json()), path).toEqual(['error']);
		}
		expect((await as(`/api/v1/coverage?${named}`, NATIONAL_ADMIN)).status).toBe(200);
	});
});
