import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicShare, RIGHTS } from '../../rights';
import type { SnapshotDatabase } from '../db';
import { buildFromCsv } from '../snapshot/test-fixture';

/**
 * A three-round programme in two Samboja villages, written as files and built through the real snapshot
 * build. Round r of `SMB-UJI` is the calendar month r of 2024 (Rp 100,000 cash + Rp 50,000 in kind),
 * so the programme ends on 31 March. Every figure below is counted by hand from these rows.
 */
const PROGRAMMES = `code,name_id,name_en,agency,kind,unit_value_rp,items,channel,funder,region_code,period,months,eligibility_rule,basis,start_month,rounds,round_months,cash_per_round_rp,in_kind_per_round_rp
SMB-UJI,Uji,Test,Dinsos,cash,150000,,PT Pos,APBD,64.02.13,2024,3,"{""register"":""krs""}",,1,3,1,100000,50000
`;

// W = Wonotirto 64.02.13.1008, T = Tanjung Harapan 64.02.13.1009; E is on DTKS but not on KRS, the programme's list.
const HOUSEHOLDS = `household_id,village_code,in_dtks,in_krs
A,64.02.13.1008,false,true
B,64.02.13.1008,false,true
C,64.02.13.1008,false,true
H,64.02.13.1008,false,true
D,64.02.13.1009,false,true
E,64.02.13.1009,true,false
F,64.02.13.1009,false,true
G,64.02.13.1009,false,true
I,64.02.13.1009,false,true
`;

const DISTRIBUTIONS = `programme_code,period,round,household_id,village_code,status,amount_rp,delivered_date,drop_reason
SMB-UJI,2024,1,A,64.02.13.1008,receipt_signed,150000,2024-01-10,
SMB-UJI,2024,2,A,64.02.13.1008,receipt_signed,150000,2024-02-10,
SMB-UJI,2024,3,A,64.02.13.1008,receipt_signed,150000,2024-03-10,
SMB-UJI,2024,1,B,64.02.13.1008,receipt_signed,150000,2024-01-12,
SMB-UJI,2024,2,B,64.02.13.1008,receipt_signed,150000,2024-03-01,
SMB-UJI,2024,3,B,64.02.13.1008,receipt_signed,150000,2024-03-12,
SMB-UJI,2024,1,C,64.02.13.1008,receipt_signed,150000,2024-01-15,
SMB-UJI,2024,2,C,64.02.13.1008,receipt_signed,150000,2024-02-15,
SMB-UJI,2024,1,H,64.02.13.1008,receipt_signed,200000,2024-01-20,
SMB-UJI,2024,2,H,64.02.13.1008,receipt_signed,150000,2024-02-20,
SMB-UJI,2024,3,H,64.02.13.1008,receipt_signed,150000,2024-03-20,
SMB-UJI,2024,1,D,64.02.13.1009,receipt_signed,150000,2024-01-05,
SMB-UJI,2024,2,D,64.02.13.1009,receipt_signed,150000,2024-02-05,
SMB-UJI,2024,3,D,64.02.13.1009,delivered,150000,2024-03-05,
SMB-UJI,2024,1,E,64.02.13.1009,receipt_signed,150000,2024-01-06,
SMB-UJI,2024,2,E,64.02.13.1009,receipt_signed,150000,2024-02-06,
SMB-UJI,2024,3,E,64.02.13.1009,receipt_signed,150000,2024-03-06,
SMB-UJI,2024,1,F,64.02.13.1009,verified,0,,
SMB-UJI,2024,1,G,64.02.13.1009,proposed,0,,welfare_improved
SMB-UJI,2024,1,I,64.02.13.1009,receipt_signed,150000,2024-02-10,
SMB-UJI,2024,2,I,64.02.13.1009,receipt_signed,150000,2024-02-11,
SMB-UJI,2024,3,I,64.02.13.1009,receipt_signed,150000,2024-03-11,
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-rights-'));
const build = (id: string, evaluated: string) => buildFromCsv(tmp, { programmes: PROGRAMMES, households: HOUSEHOLDS, distributions: DISTRIBUTIONS }, id, evaluated);

type Rights = Record<string, number | string | null>;
const RIGHTS_SQL = `
	SELECT region_code, evaluated::VARCHAR AS evaluated, recipients::INTEGER AS recipients, off_list::INTEGER AS off_list,
		paid_exact::INTEGER AS paid_exact, paid_short::INTEGER AS paid_short, paid_over::INTEGER AS paid_over, short_rp::INTEGER AS short_rp, over_rp::INTEGER AS over_rp,
		rounds_delivered::INTEGER AS rounds_delivered, rounds_on_time::INTEGER AS rounds_on_time, rounds_late::INTEGER AS rounds_late,
		rounds_early::INTEGER AS rounds_early, late_median_days, rounds_undelivered::INTEGER AS rounds_undelivered,
		receipts_signed::INTEGER AS receipts_signed, dropouts::INTEGER AS dropouts, dropouts_no_reason::INTEGER AS dropouts_no_reason
	FROM programme_rights WHERE programme_code = 'SMB-UJI' ORDER BY level, region_code`;

describe('the four rights of a hand-made three-round distribution, evaluated after its end', () => {
	let db: SnapshotDatabase;
	let byRegion: Map<string, Rights>;
	beforeAll(async () => {
		db = await build('20240415T000000Z-after', '2024-04-15');
		byRegion = new Map((await db.query<Rights>(RIGHTS_SQL)).map((r) => [String(r.region_code), r]));
	});
	afterAll(() => db?.close());

	it('counts a delivery to a household off the programme’s KRS list (E in Tanjung Harapan) against sasaran', () => {
		expect(byRegion.get('64.02.13.1009')).toMatchObject({ recipients: 3, off_list: 1 });
		expect(byRegion.get('64.02.13.1008')).toMatchObject({ recipients: 4, off_list: 0 });
	});

	it('finds C short by one round (Rp 150,000) and H over by Rp 50,000 against 3 × Rp 150,000', () => {
		expect(byRegion.get('64.02.13.1008')).toMatchObject({ paid_exact: 2, paid_short: 1, paid_over: 1, short_rp: 150_000, over_rp: 50_000 });
		expect(byRegion.get('64.02.13.1009')).toMatchObject({ paid_exact: 3, paid_short: 0, paid_over: 0 });
	});

	it('finds B’s February round late by one day, I’s January round late by ten, and C’s March round still undelivered after the end', () => {
		expect(byRegion.get('64.02.13.1008')).toMatchObject({ rounds_delivered: 11, rounds_on_time: 10, rounds_late: 1, rounds_early: 0, late_median_days: 1, rounds_undelivered: 1 });
		expect(byRegion.get('64.02.13.1009')).toMatchObject({ rounds_delivered: 9, rounds_on_time: 8, rounds_late: 1, late_median_days: 10, rounds_undelivered: 0 });
		// The median is taken over the district's own late rounds, not summed from its villages.
		expect(byRegion.get('64.02.13')).toMatchObject({ rounds_late: 2, late_median_days: 5.5, rounds_undelivered: 1 });
	});

	it('finds D’s March delivery without a signed receipt and F’s drop-out without a reason', () => {
		expect(byRegion.get('64.02.13.1009')).toMatchObject({ receipts_signed: 8, dropouts: 2, dropouts_no_reason: 1 });
		expect(byRegion.get('64.02.13.1008')).toMatchObject({ receipts_signed: 11, dropouts: 0, dropouts_no_reason: 0 });
	});

	it('rolls the villages up to the district, regency, province and country, dated with the evaluation date', () => {
		const expected = {
			evaluated: '2024-04-15',
			recipients: 7,
			off_list: 1,
			paid_exact: 5,
			short_rp: 150_000,
			over_rp: 50_000,
			rounds_delivered: 20,
			rounds_on_time: 18,
			receipts_signed: 19,
			dropouts_no_reason: 1
		};
		for (const code of ['64.02.13', '64.02', '64', 'ID']) expect(byRegion.get(code), code).toMatchObject(expected);
		expect(byRegion.size).toBe(6);
	});

	it('publishes the counts behind the shares for the regency and district only, each hidden when small, so no public share is shown', async () => {
		const rows = await db.query<{ region_code: string; measure: string; value: number | null }>(
			`SELECT region_code, measure, value FROM public_region_values WHERE programme_code = 'SMB-UJI' AND measure <> 'reached' AND measure <> 'amount_rp' ORDER BY 1, 2`
		);
		expect(new Set(rows.map((r) => r.region_code))).toEqual(new Set(['64.02', '64.02.13']));
		expect(new Set(rows.map((r) => r.measure))).toEqual(new Set(['reached_eligible', 'recipients', 'paid_exact', 'rounds_delivered', 'rounds_on_time', 'receipts_signed']));
		// Seven recipients and 1–9 of each kind: only the 20 delivered rounds may show; 18 on time and 19 signed would give away 2 late and 1 unsigned.
		expect(rows.filter((r) => r.value !== null).map((r) => [r.region_code, r.measure, Number(r.value)])).toEqual([
			['64.02', 'rounds_delivered', 20],
			['64.02.13', 'rounds_delivered', 20]
		]);
		const district = Object.fromEntries(rows.filter((r) => r.region_code === '64.02.13').map((r) => [r.measure, r.value]));
		for (const right of RIGHTS) expect(publicShare(district, right), right).toBe('suppressed');
	});
});

describe('the same distribution evaluated while its second round is open', () => {
	it('counts no round as undelivered yet, and owes C only the rounds closed or already delivered', async () => {
		const db = await build('20240215T000000Z-during', '2024-02-15');
		try {
			const rows = new Map((await db.query<Rights>(RIGHTS_SQL)).map((r) => [String(r.region_code), r]));
			expect(rows.get('64.02.13')).toMatchObject({ evaluated: '2024-02-15', rounds_undelivered: null, paid_short: 0, paid_over: 1, paid_exact: 6 });
		} finally {
			db.close();
		}
	});
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
