import type { Observation, Target } from '../../targets';
import type { CountedObservation } from './trajectory';
import type { SnapshotDatabase } from '../db';
import { childPrefix } from '../../region-code';

const TARGETS = `SELECT region_code, indicator, value_min, value_max, strftime(deadline, '%Y-%m-%d') AS deadline,
	basis, strftime(adopted, '%Y-%m-%d') AS adopted FROM targets ORDER BY indicator, region_code, adopted`;

export async function loadTargets(db: SnapshotDatabase): Promise<Target[]> {
	return db.query<Target & Record<string, unknown>>(TARGETS);
}

const OFFICIAL = `SELECT period::INTEGER AS period, value, ci_lower, ci_upper, method, source
	FROM official_indicators WHERE region_code = $1 AND indicator = $2 ORDER BY period`;

export async function officialObservations(db: SnapshotDatabase, region: string, indicator: string): Promise<Observation[]> {
	return db.query<Observation & Record<string, unknown>>(OFFICIAL, [region, indicator]);
}

export interface ChildObservation extends CountedObservation {
	code: string;
	name: string;
}

// Children of a region with their official series; the method column keeps series breaks visible.
const CHILD_OFFICIAL = `SELECT r.code, r.name, o.period::INTEGER AS period, o.value, o.ci_lower, o.ci_upper, o.method, o.source
	FROM regions r LEFT JOIN official_indicators o ON o.region_code = r.code AND o.indicator = $2
	WHERE r.parent_code = $1 AND r.valid_to IS NULL ORDER BY r.code, o.period`;

// The register share of extreme-poor households, with its counts: a large district is not "behind" for being large.
// Register figures carry no method change, so one constant method label keeps them in one segment.
const CHILD_REGISTER = `SELECT r.code, r.name, v.period::INTEGER AS period, 100.0 * v.extreme_poor_hh / nullif(v.households, 0) AS value,
		v.extreme_poor_hh::DOUBLE AS part, v.households::DOUBLE AS whole,
		NULL::DOUBLE AS ci_lower, NULL::DOUBLE AS ci_upper, 'register' AS method, 'register' AS source
	FROM regions r LEFT JOIN region_values v ON v.region_code = r.code
	WHERE r.parent_code = $1 AND r.valid_to IS NULL ORDER BY r.code, v.period`;

/** Children's series, official rate (regency and above) or register share of extreme-poor households (below). */
export async function childSeries(db: SnapshotDatabase, parent: string, source: { official: string } | 'register') {
	const rows =
		source === 'register'
			? await db.query<ChildObservation & Record<string, unknown>>(CHILD_REGISTER, [parent])
			: await db.query<ChildObservation & Record<string, unknown>>(CHILD_OFFICIAL, [parent, source.official]);
	const byCode = new Map<string, { code: string; name: string; observations: CountedObservation[] }>();
	for (const { code, name, ...o } of rows) {
		const entry = byCode.get(code) ?? { code, name, observations: [] };
		if (o.period !== null && o.value !== null) entry.observations.push(o);
		byCode.set(code, entry);
	}
	return [...byCode.values()];
}

export interface RegisterProgress {
	period: number;
	extreme_poor_hh: number;
	extreme_poor_reached: number;
	under5_measured: number;
	under5_stunted: number;
}

const PROGRESS = `SELECT period::INTEGER AS period, extreme_poor_hh::DOUBLE AS extreme_poor_hh,
		extreme_poor_reached::DOUBLE AS extreme_poor_reached, under5_measured::DOUBLE AS under5_measured,
		under5_stunted::DOUBLE AS under5_stunted
	FROM region_values WHERE region_code = $1 ORDER BY period`;

export async function registerProgress(db: SnapshotDatabase, region: string): Promise<RegisterProgress[]> {
	return db.query<RegisterProgress & Record<string, unknown>>(PROGRESS, [region]);
}

export interface AidDelivered {
	period: number;
	packages: number;
	households: number;
	rupiah: number;
}

// A package is one delivered round to one household; `$2` is the region's code prefix ('' for the country).
const AID = `SELECT $1::INTEGER AS period,
		(SELECT count(*) FROM distributions WHERE period = $1 AND status IN ('delivered', 'receipt_signed')
			AND starts_with(village_code, $2))::DOUBLE AS packages,
		coalesce(max(aid_households), 0)::DOUBLE AS households, coalesce(max(aid_rp), 0)::DOUBLE AS rupiah
	FROM region_values WHERE region_code = $3 AND period = $1`;

export async function aidDelivered(db: SnapshotDatabase, region: string, period: number): Promise<AidDelivered> {
	const rows = await db.query<AidDelivered & Record<string, unknown>>(AID, [period, childPrefix(region), region]);
	return rows[0]!;
}
