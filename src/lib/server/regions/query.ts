import type { Level } from '../../indicators';
import type { SnapshotDatabase } from '../db';

export interface Region {
	code: string;
	name: string;
	level: Level;
	parent_code: string | null;
	kind: string;
}

const COLS = 'code, name, level, parent_code, kind';
const REGION = `SELECT ${COLS} FROM regions WHERE code = $1 AND valid_to IS NULL`;
const CHILDREN = `SELECT ${COLS} FROM regions WHERE parent_code = $1 AND valid_to IS NULL ORDER BY code`;
// Exact code first, then codes that start with the text, then names that contain it. `within` names the
// parent and grandparent (a village's district and regency), so five villages called Wonotirto can be told apart.
const SEARCH = `
	SELECT r.code, r.name, r.level, r.parent_code, r.kind, nullif(concat_ws(', ', p.name, g.name), '') AS within
	FROM regions r
	LEFT JOIN regions p ON p.code = r.parent_code AND p.valid_to IS NULL AND p.level <> 'country'
	LEFT JOIN regions g ON g.code = p.parent_code AND g.valid_to IS NULL AND g.level <> 'country'
	WHERE r.valid_to IS NULL AND (starts_with(r.code, $1) OR r.name ILIKE '%' || $1 || '%')
	ORDER BY r.code <> $1, NOT starts_with(r.code, $1),
		CASE r.level WHEN 'country' THEN 0 WHEN 'province' THEN 1 WHEN 'regency' THEN 2 WHEN 'district' THEN 3 ELSE 4 END,
		NOT starts_with(lower(r.name), lower($1)), r.code
	LIMIT $2`;

/** A search hit: the region and the names of the regions it lies in (null for the country and provinces). */
export type SearchHit = Region & { within: string | null };

export async function getRegion(db: SnapshotDatabase, code: string): Promise<Region | null> {
	const rows = await db.query<Region & Record<string, unknown>>(REGION, [code]);
	return rows[0] ?? null;
}

/**
 * The same, kept for the snapshot's life once found (the regions table does not change under a
 * snapshot): a cold answer's scope check then runs no query. Codes that match nothing are not kept.
 */
export async function knownRegion(db: SnapshotDatabase, code: string): Promise<Region | null> {
	const key = `region:${code}`;
	const region = await db.derived(key, () => getRegion(db, code));
	if (!region) db.forget(key);
	return region;
}

/** The region's ancestors, country first. */
export async function getAncestors(db: SnapshotDatabase, region: Region): Promise<Region[]> {
	const out: Region[] = [];
	let parent = region.parent_code;
	while (parent) {
		const r = await getRegion(db, parent);
		if (!r) break;
		out.unshift(r);
		parent = r.parent_code;
	}
	return out;
}

export async function getChildren(db: SnapshotDatabase, code: string): Promise<Region[]> {
	return db.query<Region & Record<string, unknown>>(CHILDREN, [code]);
}

export async function searchRegions(db: SnapshotDatabase, text: string, limit = 20): Promise<SearchHit[]> {
	return db.query<SearchHit & Record<string, unknown>>(SEARCH, [text, limit]);
}

const FEATURED = `
	SELECT r.code, r.name, r.level, r.parent_code, r.kind FROM regions r
	WHERE r.level IN ('province', 'regency') AND r.code IN (SELECT region_code FROM region_values)
	ORDER BY r.code LIMIT 60`;

/** Provinces and regencies that hold register data in this snapshot, for the home page. */
export async function featuredRegions(db: SnapshotDatabase): Promise<Region[]> {
	return db.query<Region & Record<string, unknown>>(FEATURED);
}
