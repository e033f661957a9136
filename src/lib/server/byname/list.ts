import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SnapshotDatabase } from '../db';
import { seesProgramme, type Principal } from '../auth/policy';
import { parseRule, ruleToSql } from '../eligibility/rule';
import { REGISTERS } from '../coverage/query';
import { householdRef } from '../../verval';
import { getRegion } from '../regions/query';

/**
 * By-name lists: the households behind a number on the workbench (for example the households in a
 * village that a programme's rule makes eligible but that no delivery reached). Rows carry a short
 * pseudonymous reference, the head's name and the address fields the registers hold, never a NIK.
 * Callers must write the audit entry.
 */
export const bynameQuery = z.object({
	program: z.string().regex(/^[A-Z0-9-]{2,40}$/),
	daftar: z.enum(['unreached', 'reached']).default('unreached')
});
export type BynameFilter = z.infer<typeof bynameQuery>;

export const PURPOSE_MIN = 10;
export const purposeSchema = z.string().trim().min(PURPOSE_MIN).max(300);

/** A list holds at most this many households; a regency's list beyond it is cut, and says so. */
export const LIST_MAX = 50_000;

export interface BynameRow {
	/** Short pseudonymous reference printed on forms (`A3F9-2C1B`); the import finds the household by it. */
	ref: string;
	village_code: string;
	village_name: string;
	head_name: string;
	address: string | null;
	dusun: string | null;
	rt: string | null;
	rw: string | null;
	decile: number | null;
	/** Registers holding the household in the period: `DTKS, P3KE`. */
	registers: string;
	/** Programmes (that the user may see) that reached it in the period. */
	programmes: string;
	/** Furthest status on the programme's distribution list, or null when not on it. */
	status: string | null;
}

interface Programme {
	code: string;
	name_id: string;
	name_en: string;
	agency: string;
	region_code: string;
	period: number;
	eligibility_rule: string;
}

const PROGRAMME = 'SELECT code, name_id, name_en, agency, region_code, period::INTEGER AS period, eligibility_rule FROM programmes WHERE code = $1';
const PROGRAMMES = `SELECT code, name_id, name_en, agency, region_code, period::INTEGER AS period, eligibility_rule FROM programmes
	WHERE starts_with($1, region_code) OR starts_with(region_code, $1) OR region_code = 'ID' ORDER BY period DESC, code`;

/** Programmes whose area overlaps the region and that the user's agency runs. */
export async function programmesFor(db: SnapshotDatabase, user: Principal, code: string): Promise<Programme[]> {
	const rows = await db.query<Programme & Record<string, unknown>>(PROGRAMMES, [code]);
	return rows.filter((p) => seesProgramme(user, p.agency));
}

/**
 * Parameters: $1 region code (regency, district or village), $2 period, $3 programme code. A reference is the
 * first 8 hex digits of the household id, 12 where two households of the village share those, else the whole id.
 */
const listSql = (eligible: string, reached: boolean) => `
	WITH hh AS (
		SELECT h.*, count(*) OVER (PARTITION BY h.village_code, left(h.household_id, 8)) AS same8,
			count(*) OVER (PARTITION BY h.village_code, left(h.household_id, 12)) AS same12
		FROM households h WHERE h.period = $2 AND (h.village_code = $1 OR starts_with(h.village_code, $1 || '.'))
	), d AS (
		SELECT household_id, arg_max(status, round) AS status,
			bool_or(status IN ('delivered', 'receipt_signed')) AS reached
		FROM distributions WHERE programme_code = $3 AND period = $2 AND (village_code = $1 OR starts_with(village_code, $1 || '.'))
		GROUP BY household_id
	), got AS (
		SELECT household_id, list(DISTINCT programme_code ORDER BY programme_code) AS programmes
		FROM distributions WHERE period = $2 AND status IN ('delivered', 'receipt_signed') AND (village_code = $1 OR starts_with(village_code, $1 || '.'))
		GROUP BY household_id
	), v AS (
		SELECT household_id FROM verifications WHERE programme_code = $3 AND period = $2 AND NOT (found AND eligible)
	), n AS (
		SELECT household_id, min(head_name) AS head_name FROM household_names WHERE period = $2 GROUP BY household_id
	), a AS (
		SELECT household_id, min_by(address, register) AS address, min_by(dusun, register) AS dusun, min_by(rt, register) AS rt, min_by(rw, register) AS rw
		FROM household_addresses WHERE period = $2 GROUP BY household_id
	)
	SELECT h.household_id, CASE WHEN h.same8 = 1 THEN 8 WHEN h.same12 = 1 THEN 12 ELSE 64 END AS ref_length,
		h.village_code, r.name AS village_name, h.decile::INTEGER AS decile, n.head_name, a.address, a.dusun, a.rt, a.rw,
		${REGISTERS.map((k) => `h.in_${k}`).join(', ')}, coalesce(got.programmes, []) AS programmes, d.status
	FROM hh h
	LEFT JOIN d USING (household_id)
	LEFT JOIN got USING (household_id)
	LEFT JOIN n USING (household_id)
	LEFT JOIN a USING (household_id)
	LEFT JOIN regions r ON r.code = h.village_code AND r.valid_to IS NULL
	WHERE ${reached ? 'coalesce(d.reached, false)' : `${eligible} AND NOT coalesce(d.reached, false) AND h.household_id NOT IN (SELECT household_id FROM v)`}
	ORDER BY h.village_code, h.household_id
	LIMIT ${LIST_MAX + 1}`;

/** A household's row as the query gives it: the flags and ids that become its visible fields. */
type RawRow = Omit<BynameRow, 'ref' | 'registers' | 'programmes' | 'head_name'> & {
	household_id: string;
	ref_length: number;
	head_name: string | null;
	programmes: string[];
} & Record<`in_${(typeof REGISTERS)[number]}`, boolean>;

const GIVEN = ['Siti', 'Nur', 'Ahmad', 'Muhammad', 'Sri', 'Dewi', 'Budi', 'Rina', 'Agus', 'Yusuf', 'Fatimah', 'Rahmat', 'Wati', 'Hendra', 'Aminah', 'Slamet', 'Ani', 'Joko', 'Rizki', 'Maria'];
const FAMILY = ['Hidayat', 'Saputra', 'Wijaya', 'Lestari', 'Rahman', 'Santoso', 'Kurniawan', 'Susanti', 'Hasan', 'Pratama', 'Sari', 'Gunawan', 'Halim', 'Nasution', 'Simanjuntak', 'Syahputra'];
const STREET = ['Jl. Pantai', 'Jl. Masjid', 'Jl. Pasar', 'Jl. Sekolah', 'Jl. Kebun', 'Gg. Damai', 'Jl. Sungai', 'Jl. Merdeka'];
const DUSUN = ['Dusun I', 'Dusun II', 'Dusun III', 'Dusun IV'];

const demoHash = (what: string, householdId: string) => createHash('sha256').update(`tepat-demo-${what}:${householdId}`).digest();

/** Demo data has no name table: a plausible name derived from the pseudonymous id, stable across runs. */
export function syntheticName(householdId: string): string {
	const h = demoHash('name', householdId);
	return `${GIVEN[h[0]! % GIVEN.length]} ${FAMILY[h[1]! % FAMILY.length]}`;
}

/** Nor an address table: a plausible dusun, RT, RW and street, likewise stable. */
export function syntheticAddress(householdId: string): Pick<BynameRow, 'address' | 'dusun' | 'rt' | 'rw'> {
	const h = demoHash('address', householdId);
	const pad = (n: number) => String(n).padStart(3, '0');
	const rw = (h[0]! % 4) + 1;
	return { address: `${STREET[h[1]! % STREET.length]} ${(h[2]! % 60) + 1}`, dusun: DUSUN[rw - 1]!, rt: pad((h[3]! % 8) + 1), rw: pad(rw) };
}

/** The list for one programme and region, or null when the programme is unknown or not the user's. */
export async function bynameList(db: SnapshotDatabase, user: Principal, code: string, filter: BynameFilter) {
	const programme = (await db.query<Programme & Record<string, unknown>>(PROGRAMME, [filter.program]))[0];
	const visible = await programmesFor(db, user, code);
	if (!programme || !visible.some((p) => p.code === programme.code)) return null;
	const seen = new Set(visible.map((p) => p.code));
	const eligible = ruleToSql(parseRule(programme.eligibility_rule), 'h');
	const raw = await db.query<RawRow>(listSql(eligible, filter.daftar === 'reached'), [code, programme.period, programme.code]);
	const synthetic = db.manifest.synthetic;
	const rows: BynameRow[] = raw.slice(0, LIST_MAX).map((r) => ({
		ref: householdRef(r.household_id, r.ref_length),
		village_code: r.village_code,
		village_name: r.village_name,
		head_name: r.head_name ?? syntheticName(r.household_id),
		...(synthetic && r.address === null && r.dusun === null ? syntheticAddress(r.household_id) : { address: r.address, dusun: r.dusun, rt: r.rt, rw: r.rw }),
		decile: r.decile,
		registers: REGISTERS.filter((k) => r[`in_${k}`]).map((k) => k.toUpperCase()).join(', '),
		programmes: r.programmes.filter((p) => seen.has(p)).join(', '),
		status: r.status
	}));
	const region = await getRegion(db, code);
	return { programme, region: region?.name ?? code, rows, truncated: raw.length > LIST_MAX, synthetic };
}
