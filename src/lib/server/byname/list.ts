import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SnapshotDatabase } from '../db';
import { seesProgramme, type Principal } from '../auth/policy';
import { parseRule, ruleToSql } from '../eligibility/rule';

/**
 * By-name lists: the households behind a number on the workbench (for example the households in a
 * village that a programme's rule makes eligible but that no delivery reached). Rows carry the
 * pseudonymous household id and the head's name, never a NIK. Callers must write the audit entry.
 */
export const bynameQuery = z.object({
	program: z.string().regex(/^[A-Z0-9-]{2,40}$/),
	daftar: z.enum(['unreached', 'reached']).default('unreached')
});
export type BynameFilter = z.infer<typeof bynameQuery>;

export const purposeSchema = z.string().trim().min(10, 'purpose: at least 10 characters').max(300);

export interface BynameRow {
	household_id: string;
	village_code: string;
	village_name: string;
	decile: number | null;
	head_name: string;
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

// Parameters: $1 region code (district or village), $2 period, $3 programme code.
const listSql = (eligible: string, reached: boolean) => `
	WITH d AS (
		SELECT household_id, arg_max(status, round) AS status,
			bool_or(status IN ('delivered', 'receipt_signed')) AS reached
		FROM distributions WHERE programme_code = $3 AND period = $2 AND (village_code = $1 OR starts_with(village_code, $1 || '.'))
		GROUP BY household_id
	), n AS (
		SELECT household_id, min(head_name) AS head_name FROM household_names WHERE period = $2 GROUP BY household_id
	)
	SELECT h.household_id, h.village_code, r.name AS village_name, h.decile::INTEGER AS decile, n.head_name, d.status
	FROM households h
	LEFT JOIN d USING (household_id)
	LEFT JOIN n USING (household_id)
	LEFT JOIN regions r ON r.code = h.village_code AND r.valid_to IS NULL
	WHERE h.period = $2 AND (h.village_code = $1 OR starts_with(h.village_code, $1 || '.'))
		AND ${reached ? 'coalesce(d.reached, false)' : `${eligible} AND NOT coalesce(d.reached, false)`}
	ORDER BY h.village_code, h.household_id
	LIMIT 5000`;

const GIVEN = ['Siti', 'Nur', 'Ahmad', 'Muhammad', 'Sri', 'Dewi', 'Budi', 'Rina', 'Agus', 'Yusuf', 'Fatimah', 'Rahmat', 'Wati', 'Hendra', 'Aminah', 'Slamet', 'Ani', 'Joko', 'Rizki', 'Maria'];
const FAMILY = ['Hidayat', 'Saputra', 'Wijaya', 'Lestari', 'Rahman', 'Santoso', 'Kurniawan', 'Susanti', 'Hasan', 'Pratama', 'Sari', 'Gunawan', 'Halim', 'Nasution', 'Simanjuntak', 'Syahputra'];

/** Demo data has no name table: a plausible name derived from the pseudonymous id, stable across runs. */
export function syntheticName(householdId: string): string {
	const h = createHash('sha256').update('tepat-demo-name:' + householdId).digest();
	return `${GIVEN[h[0]! % GIVEN.length]} ${FAMILY[h[1]! % FAMILY.length]}`;
}

/** The list for one programme and region, or null when the programme is unknown or not the user's. */
export async function bynameList(db: SnapshotDatabase, user: Principal, code: string, filter: BynameFilter) {
	const programme = (await db.query<Programme & Record<string, unknown>>(PROGRAMME, [filter.program]))[0];
	if (!programme || !(await programmesFor(db, user, code)).some((p) => p.code === programme.code)) return null;
	const eligible = ruleToSql(parseRule(programme.eligibility_rule), 'h');
	const rows = await db.query<BynameRow & Record<string, unknown>>(listSql(eligible, filter.daftar === 'reached'), [code, programme.period, programme.code]);
	return {
		programme,
		rows: rows.map((r) => ({ ...r, head_name: r.head_name ?? syntheticName(r.household_id) })),
		synthetic: db.manifest.synthetic
	};
}
