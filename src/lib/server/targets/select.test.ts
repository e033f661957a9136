import { describe, expect, it } from 'vitest';
import type { Target } from '../../targets';
import { targetHistory, targetInForce } from './select';

const t = (region_code: string, indicator: string, value_min: number, value_max: number, deadline: string, basis: string, adopted: string): Target => ({
	region_code,
	indicator,
	value_min,
	value_max,
	deadline,
	basis,
	adopted
});

const INPRES_4 = t('ID', 'extreme_poverty_rate', 0, 0, '2024-12-31', 'Inpres 4/2022', '2022-06-08');
const INPRES_8 = t('ID', 'extreme_poverty_rate', 0, 0.5, '2026-12-31', 'Inpres 8/2025', '2025-01-01');
const PERPRES_72 = t('ID', 'stunting_prevalence', 14, 14, '2024-12-31', 'Perpres 72/2021', '2021-08-05');
const RPJMN = t('ID', 'stunting_prevalence', 14.2, 14.2, '2029-12-31', 'RPJMN 2025–2029', '2025-02-10');
const KUKAR = t('64.02', 'stunting_prevalence', 12, 12, '2026-12-31', 'RPJMD Kutai Kartanegara', '2024-03-01');
const ALL = [INPRES_4, INPRES_8, PERPRES_72, RPJMN, KUKAR];
const KUKAR_CHAIN = ['64.02', '64', 'ID'];
const KOTABARU_CHAIN = ['63.02', '63', 'ID'];

describe('target in force on a date', () => {
	it('is Inpres 4/2022 (0% by 2024) for a regency in 2023, inherited from the national target', () => {
		const r = targetInForce(ALL, KOTABARU_CHAIN, 'extreme_poverty_rate', '2023-07-01');
		expect(r).toEqual({ target: INPRES_4, replaced: null, inherited: true, expired: false });
	});

	it('is Inpres 8/2025 from its adoption day on, and it replaced Inpres 4/2022', () => {
		expect(targetInForce(ALL, KOTABARU_CHAIN, 'extreme_poverty_rate', '2024-12-31')?.target).toBe(INPRES_4);
		const r = targetInForce(ALL, KOTABARU_CHAIN, 'extreme_poverty_rate', '2025-01-01');
		expect(r?.target).toBe(INPRES_8);
		expect(r?.replaced).toBe(INPRES_4);
	});

	it('keeps an old target in force after its deadline until a new one is adopted, flagged as expired', () => {
		const r = targetInForce(ALL, KOTABARU_CHAIN, 'stunting_prevalence', '2025-01-15');
		expect(r?.target).toBe(PERPRES_72);
		expect(r?.expired).toBe(true);
		expect(targetInForce(ALL, KOTABARU_CHAIN, 'stunting_prevalence', '2025-02-10')?.target).toBe(RPJMN);
	});

	it("prefers a regency's own target over the national one once adopted", () => {
		expect(targetInForce(ALL, KUKAR_CHAIN, 'stunting_prevalence', '2024-02-29')?.target).toBe(PERPRES_72);
		const r = targetInForce(ALL, KUKAR_CHAIN, 'stunting_prevalence', '2025-06-01');
		expect(r).toEqual({ target: KUKAR, replaced: null, inherited: false, expired: false });
	});

	it('is none before any target was adopted or for an indicator without targets', () => {
		expect(targetInForce(ALL, KOTABARU_CHAIN, 'extreme_poverty_rate', '2022-06-07')).toBeNull();
		expect(targetInForce(ALL, KOTABARU_CHAIN, 'poverty_line', '2025-06-01')).toBeNull();
	});

	it('lists the history newest first with each target’s state', () => {
		const h = targetHistory(ALL, KUKAR_CHAIN, 'stunting_prevalence', '2025-06-01');
		expect(h.map((r) => [r.basis, r.state])).toEqual([
			['RPJMN 2025–2029', 'overridden'],
			['RPJMD Kutai Kartanegara', 'in_force'],
			['Perpres 72/2021', 'overridden']
		]);
		const national = targetHistory(ALL, KOTABARU_CHAIN, 'extreme_poverty_rate', '2024-06-01');
		expect(national.map((r) => [r.basis, r.state])).toEqual([
			['Inpres 8/2025', 'not_yet_adopted'],
			['Inpres 4/2022', 'in_force']
		]);
	});
});
