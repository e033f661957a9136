import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDatabase } from '../db';
import { buildFromCsv } from '../snapshot/test-fixture';
import { getSideTable, resolveWorkbench, sideParams } from './service';
import { NATIONAL_ADMIN } from '../../../../tests/endpoint';

/**
 * Three programmes whose lists start at different stages: a routine transfer whose list holds deliveries
 * only (like BPNT and PKH), a verification that lists households from the verified stage on (like Kutai
 * Kartanegara's 6,000), and one that keeps its proposals too (like Bangka's 15,000).
 */
const rule = '"{""register"":""dtks""}"';
const PROGRAMMES = `code,name_id,name_en,agency,kind,unit_value_rp,items,channel,funder,region_code,period,months,eligibility_rule,basis,start_month,rounds,round_months,cash_per_round_rp,in_kind_per_round_rp
RUTIN,Rutin,Routine,Kemensos,cash,100,,bank,APBN,64.02,2024,12,${rule},,1,1,12,100,0
VERVAL,Verval,Verification,Dinsos,in_kind,100,,village,APBD,64.02,2024,1,${rule},,11,1,1,0,100
USUL,Usulan,Proposals,Dinsos,in_kind,100,,village,APBD,64.02,2024,1,${rule},,11,1,1,0,100
`;

const HOUSEHOLDS = `household_id,village_code,in_dtks,in_krs
A,64.02.13.1008,true,false
B,64.02.13.1008,true,false
C,64.02.13.1009,true,false
D,64.02.13.1009,true,false
E,64.02.13.1009,true,false
`;

const DISTRIBUTIONS = `programme_code,period,round,household_id,village_code,status,amount_rp,delivered_date,drop_reason
RUTIN,2024,1,A,64.02.13.1008,receipt_signed,100,2024-03-15,
RUTIN,2024,1,B,64.02.13.1008,receipt_signed,100,2024-04-15,
RUTIN,2024,1,C,64.02.13.1009,delivered,100,2024-05-15,
VERVAL,2024,1,A,64.02.13.1008,receipt_signed,100,2024-11-15,
VERVAL,2024,1,B,64.02.13.1008,eligible,0,,quota_reached
VERVAL,2024,1,C,64.02.13.1009,verified,0,,not_extreme_poor
USUL,2024,1,A,64.02.13.1008,receipt_signed,100,2024-11-15,
USUL,2024,1,B,64.02.13.1008,proposed,0,,welfare_improved
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-funnel-'));
let db: SnapshotDatabase;
beforeAll(async () => {
	db = await buildFromCsv(tmp, { programmes: PROGRAMMES, households: HOUSEHOLDS, distributions: DISTRIBUTIONS }, '20241231T000000Z-funnel', '2024-12-31');
});
afterAll(() => {
	db?.close();
	fs.rmSync(tmp, { recursive: true, force: true });
});

async function funnel(programme: string) {
	const wb = (await resolveWorkbench(db, NATIONAL_ADMIN, '64.02', programme))!;
	const r = await getSideTable(db, wb, sideParams.parse({ table: 'funnel' }));
	return r.rows.map((x) => [x.stage, x.households, x.share_first_pct]);
}

describe('the verification funnel shows only the stages the data records', () => {
	it('leaves listed, verified and confirmed eligible "not recorded" for a list of deliveries only, instead of copying the delivered count', async () => {
		expect(await funnel('RUTIN')).toEqual([
			['listed', null, null],
			['verified', null, null],
			['passed', null, null],
			['delivered', 3, 100],
			['signed', 2, (100 * 2) / 3]
		]);
	});

	it('starts at the verified stage for a list that begins with verification', async () => {
		expect(await funnel('VERVAL')).toEqual([
			['listed', null, null],
			['verified', 3, 100],
			['passed', 2, (100 * 2) / 3],
			['delivered', 1, 100 / 3],
			['signed', 1, 100 / 3]
		]);
	});

	it('counts every stage of a list that keeps its proposals', async () => {
		expect(await funnel('USUL')).toEqual([
			['listed', 2, 100],
			['verified', 1, 50],
			['passed', 1, 50],
			['delivered', 1, 50],
			['signed', 1, 50]
		]);
	});
});
