import type { DuckDBConnection } from '@duckdb/node-api';
import { RIGHT_COUNTS } from '../../rights';
import { suppress, type Cell } from './suppress';

/** Register measures published per region (each its own hierarchy of sums). */
export const PUBLIC_MEASURES = ['households', 'extreme_poor_hh', 'poor_vulnerable_hh', 'krs_families', 'under5_measured', 'under5_stunted', 'aid_households'] as const;
/** Per programme: households reached, and the Rupiah delivered, hidden wherever the count is (it reveals the count). */
export const PROGRAMME_MEASURES = ['reached', 'amount_rp'] as const;
/**
 * Per programme, for regencies and districts only: the counts behind the four rights' shares (Empat Tepat,
 * src/lib/rights.ts); each is its own suppressed hierarchy, and a share over a hidden count is hidden.
 */
export const RIGHTS_MEASURES = ['reached_eligible', 'recipients', 'paid_exact', 'rounds_delivered', 'rounds_on_time', 'receipts_signed'] as const;
/**
 * A share's numerator and denominator published together give away their difference (ineligible or
 * short-paid recipients, late rounds, unsigned receipts), so a numerator counts as small where that
 * difference is 1–9 as well.
 */
const DENOMINATOR: Record<string, string> = Object.fromEntries(Object.values(RIGHT_COUNTS));
export const PUBLIC_LEVELS = ['regency', 'district', 'village'] as const;

interface Row {
	region_code: string;
	level: string;
	parent_code: string | null;
	period: number;
	programme_code: string;
	measure: string;
	value: number;
}

const SOURCE = `
	SELECT region_code, level, parent_code, period::INTEGER AS period, '' AS programme_code, measure, value::DOUBLE AS value
	FROM (UNPIVOT (SELECT region_code, level, parent_code, period, ${PUBLIC_MEASURES.join(', ')} FROM region_values
		WHERE level IN ('regency', 'district', 'village')) ON ${PUBLIC_MEASURES.join(', ')} INTO NAME measure VALUE value)
	UNION ALL
	SELECT region_code, level, parent_code, period::INTEGER, programme_code, measure, value::DOUBLE
	FROM (UNPIVOT (SELECT region_code, level, parent_code, period, programme_code, ${PROGRAMME_MEASURES.join(', ')} FROM programme_coverage
		WHERE level IN ('regency', 'district', 'village')) ON ${PROGRAMME_MEASURES.join(', ')} INTO NAME measure VALUE value)
	UNION ALL
	SELECT region_code, level, parent_code, period::INTEGER, programme_code, measure, value::DOUBLE
	FROM (UNPIVOT (SELECT region_code, level, parent_code, period, programme_code, ${RIGHTS_MEASURES.join(', ')}
		FROM (SELECT x.*, c.reached_eligible FROM programme_rights x JOIN programme_coverage c ON c.programme_code = x.programme_code AND c.region_code = x.region_code)
		WHERE level IN ('regency', 'district')) ON ${RIGHTS_MEASURES.join(', ')} INTO NAME measure VALUE value)`;

/**
 * Builds `public_region_values`: the only register figures public pages may show, with small cells
 * and their complements set to NULL. Each (measure, programme, period, regency) is one tree.
 */
export async function buildPublicTables(conn: DuckDBConnection): Promise<void> {
	const rows = (await conn.runAndReadAll(SOURCE)).getRowObjectsJS() as unknown as Row[];
	const trees = new Map<string, Row[]>();
	for (const r of rows) {
		const key = [r.measure, r.programme_code, r.period, r.region_code.slice(0, 5)].join('|');
		const list = trees.get(key) ?? [];
		list.push(r);
		trees.set(key, list);
	}
	const valueOf = new Map(rows.map((r) => [[r.measure, r.programme_code, r.period, r.region_code].join('|'), r.value]));
	/** The value suppression judges: the count itself, or for a share's numerator the smaller of it and its difference to the denominator. */
	const judged = (r: Row) => {
		const of = DENOMINATOR[r.measure];
		const den = of === undefined ? undefined : valueOf.get([of, r.programme_code, r.period, r.region_code].join('|'));
		return den === undefined ? r.value : Math.min(r.value, den - r.value);
	};
	const hiddenBy = new Map<string, Set<string>>();
	for (const [key, tree] of trees) {
		const [measure] = key.split('|');
		if (measure === 'amount_rp') continue;
		hiddenBy.set(key, suppress(tree.map((r): Cell => ({ code: r.region_code, parent: r.level === 'regency' ? null : r.parent_code, value: judged(r) }))));
	}
	await conn.run('DROP TABLE IF EXISTS public_region_values');
	await conn.run(
		'CREATE TABLE public_region_values (region_code VARCHAR NOT NULL, level VARCHAR NOT NULL, parent_code VARCHAR, period SMALLINT NOT NULL, measure VARCHAR NOT NULL, programme_code VARCHAR NOT NULL, value BIGINT)'
	);
	const appender = await conn.createAppender('public_region_values');
	for (const [key, tree] of trees) {
		const hidden = hiddenBy.get(key.replace(/^amount_rp\|/, 'reached|'))!;
		for (const r of tree) {
			appender.appendVarchar(r.region_code);
			appender.appendVarchar(r.level);
			if (r.parent_code === null) appender.appendNull();
			else appender.appendVarchar(r.parent_code);
			appender.appendSmallInt(r.period);
			appender.appendVarchar(r.measure);
			appender.appendVarchar(r.programme_code);
			if (hidden.has(r.region_code)) appender.appendNull();
			else appender.appendBigInt(BigInt(Math.round(r.value)));
			appender.endRow();
		}
	}
	appender.closeSync();
}
