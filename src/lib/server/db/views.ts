import { PUBLIC_MEASURES } from '../public/build';
import { MEASURES } from '../snapshot/schema';
import { SnapshotDatabase } from './database';

/**
 * The two views a snapshot is served in. The full one holds every table. The public one is its own
 * DuckDB instance that loads only tables with nothing personal (region master, programme list,
 * official statistics, targets and the suppressed public values), all in memory and with file access
 * switched off: household, distribution and unsuppressed aggregate tables do not exist in it.
 */
export const PUBLIC_TABLES = ['regions', 'programmes', 'official_indicators', 'targets', 'public_region_values'] as const;

const isPublicMeasure = (m: string) => (PUBLIC_MEASURES as readonly string[]).includes(m);

/**
 * `region_values` as the public sees it: one row per region and period with the suppressed public
 * counts, and NULL for every measure that is not published. The indicator catalogue's SQL then runs
 * unchanged on the public database, and a rate over a suppressed count comes out NULL by itself.
 * Column names come from the schema's measure list (constants), never from input.
 */
const PUBLIC_REGION_VALUES_VIEW = `CREATE VIEW region_values AS
	SELECT region_code, level, parent_code, period,
		${MEASURES.map((m) => (isPublicMeasure(m) ? `max(value) FILTER (WHERE measure = '${m}') AS ${m}` : `NULL::BIGINT AS ${m}`)).join(',\n\t\t')}
	FROM public_region_values WHERE programme_code = '' GROUP BY ALL`;

export const openFullDatabase = (dir: string) => SnapshotDatabase.open(dir);

export const openPublicDatabase = (dir: string) => SnapshotDatabase.open(dir, PUBLIC_TABLES, [PUBLIC_REGION_VALUES_VIEW]);
