import { z } from 'zod';
import type { Locale } from '../../format';
import type { Level } from '../../indicators';
import { m } from '../../paraglide/messages';
import { RIGHTS, rightsShares, type ProgrammeRights, type RightsRow, type RightsShares } from '../../rights';
import { RIGHT_LABEL, rightsMethod } from '../../rights-labels';
import { seesProgramme, type Principal } from '../auth/policy';
import type { SnapshotDatabase } from '../db';
import { inPlace, sortRows } from '../coverage/metrics';
import { coverageParams, placeColumns, type Workbench } from '../coverage/service';
import { exportColumn as col, type ExportColumn, type ExportTable } from '../export/table';
import { RIGHTS_COUNTS } from '../snapshot/schema';

export const RIGHTS_SORT_KEYS = [
	'code',
	'name',
	'sasaran_pct',
	'off_list',
	'jumlah_pct',
	'paid_short',
	'short_rp',
	'waktu_pct',
	'rounds_late',
	'late_median_days',
	'rounds_undelivered',
	'administrasi_pct',
	'receipts_missing',
	'dropouts_no_reason',
	'worst_pct'
] as const;

/** The scorecard's own view state; `rights_sort` and `rights_dir` sit in the workbench URL beside the coverage sort. */
export const rightsParams = z.object({
	table: z.enum(['programmes', 'villages']).default('villages'),
	level: coverageParams.shape.level,
	district: coverageParams.shape.district,
	q: coverageParams.shape.q,
	rights_sort: z.enum(RIGHTS_SORT_KEYS).default('code'),
	rights_dir: z.enum(['asc', 'desc']).default('asc')
});
export type RightsParams = z.infer<typeof rightsParams>;

type Computed = keyof RightsShares | 'off_list_pct' | 'receipts_missing';
/** Every count column is a field of the row type. */
const COUNTED: readonly (keyof RightsRow)[] = RIGHTS_COUNTS;

/** Column names come from the schema's constant list. */
const COUNTS = [
	...COUNTED.map((c) => `x.${c}::DOUBLE AS ${c}`),
	'x.late_median_days',
	'x.rounds_undelivered::DOUBLE AS rounds_undelivered',
	'c.reached::DOUBLE AS reached',
	'c.reached_eligible::DOUBLE AS reached_eligible'
].join(', ');

const VILLAGES = `
	SELECT x.region_code AS code, coalesce(r.name, x.region_code) AS name, pr.name AS district_name, ${COUNTS}
	FROM programme_rights x JOIN programme_coverage c USING (programme_code, region_code, level)
	LEFT JOIN regions r ON r.code = x.region_code AND r.valid_to IS NULL
	LEFT JOIN regions pr ON pr.code = x.parent_code AND pr.valid_to IS NULL
	WHERE x.programme_code = $1 AND x.level = $2 AND ($3 = 'ID' OR starts_with(x.region_code, $3 || '.'))
	ORDER BY x.region_code`;

const PROGRAMMES = `
	SELECT p.code, p.name_id AS name, p.name_id, p.name_en, NULL AS district_name, p.period::INTEGER AS period,
		p.start_month::INTEGER AS start_month, p.rounds::INTEGER AS rounds, p.round_months::INTEGER AS round_months,
		p.cash_per_round_rp::DOUBLE AS cash_per_round_rp, p.in_kind_per_round_rp::DOUBLE AS in_kind_per_round_rp,
		p.channel, p.funder, p.agency, x.evaluated::VARCHAR AS evaluated, ${COUNTS}
	FROM programme_rights x JOIN programme_coverage c USING (programme_code, region_code, level)
	JOIN programmes p ON p.code = x.programme_code
	WHERE x.region_code = $1
	ORDER BY p.period DESC, p.code`;

function withShares<R extends Omit<RightsRow, Computed>>(r: R): R & Pick<RightsRow, Computed> {
	return {
		...r,
		...rightsShares(r),
		off_list_pct: r.recipients > 0 ? (100 * r.off_list) / r.recipients : null,
		receipts_missing: r.rounds_delivered - r.receipts_signed
	};
}

/** Every programme with deliveries in the region that `user` may see (agency officers: their agency's), newest first, with the region's own four rights. */
export async function rightsByProgramme(db: SnapshotDatabase, user: Principal, regionCode: string): Promise<ProgrammeRights[]> {
	if (!db.manifest.tables.programme_rights) return [];
	const rows = await db.query<Omit<ProgrammeRights, Computed> & { agency: string } & Record<string, unknown>>(PROGRAMMES, [regionCode]);
	return rows.filter((r) => seesProgramme(user, r.agency)).map(({ agency: _, ...r }) => withShares(r));
}

/** One programme's four rights per region at `level` under the region, filtered and sorted as asked. */
export async function rightsByRegion(db: SnapshotDatabase, programme: string, regionCode: string, p: RightsParams): Promise<RightsRow[]> {
	if (!db.manifest.tables.programme_rights) return [];
	const rows = await db.query<Omit<RightsRow, Computed> & Record<string, unknown>>(VILLAGES, [programme, p.level, regionCode]);
	return sortRows(rows.map(withShares).filter((r) => inPlace(r, p.district, p.q)), p.rights_sort, p.rights_dir);
}

/** What the workbench's scorecard shows: every programme of the region, and the chosen one by village (or `level`). */
export async function loadScorecard(db: SnapshotDatabase, wb: Workbench, p: RightsParams) {
	const [programmes, regions] = await Promise.all([rightsByProgramme(db, wb.user, wb.region.code), rightsByRegion(db, wb.programme.code, wb.region.code, p)]);
	return {
		evaluated: programmes[0]?.evaluated ?? null,
		programmes,
		level: p.level as Level,
		regions,
		sort: p.rights_sort,
		dir: p.rights_dir
	};
}
export type Scorecard = Awaited<ReturnType<typeof loadScorecard>>;

export interface RightsResult {
	table: RightsParams['table'];
	region: string;
	programme: string;
	evaluated: string | null;
	snapshot: string;
	rows: RightsRow[] | ProgrammeRights[];
}

/** The API's answer: the programmes of the region, or one programme's regions at `level`. */
export async function getRights(db: SnapshotDatabase, wb: Workbench, p: RightsParams): Promise<RightsResult> {
	const programmes = await rightsByProgramme(db, wb.user, wb.region.code);
	return {
		table: p.table,
		region: wb.region.code,
		programme: wb.programme.code,
		evaluated: programmes[0]?.evaluated ?? null,
		snapshot: db.manifest.id,
		rows: p.table === 'programmes' ? programmes : await rightsByRegion(db, wb.programme.code, wb.region.code, p)
	};
}

const LEVEL_WORD = { regency: m.level_regency, district: m.level_district, village: m.level_village };

function rightsColumns(table: RightsParams['table'], lang: Locale): ExportColumn[] {
	const o = { locale: lang };
	const place =
		table === 'programmes'
			? [col('code', m.col_code({}, o), 'string'), col('name', m.wb_programme({}, o), 'string'), col('period', m.period({}, o)), col('channel', m.rights_col_channel({}, o), 'string'), col('funder', m.rights_col_funder({}, o), 'string')]
			: placeColumns(lang);
	return [
		...place,
		col('reached', m.wb_col_reached({}, o)),
		col('reached_eligible', m.rights_col_reached_eligible({}, o)),
		col('sasaran_pct', `${RIGHT_LABEL.sasaran({}, o)} (%)`, 'number', 1),
		col('off_list', m.rights_col_off_list({}, o)),
		col('off_list_pct', `${m.rights_col_off_list({}, o)} (%)`, 'number', 1),
		col('recipients', m.rights_col_recipients({}, o)),
		col('paid_exact', m.rights_col_paid_exact({}, o)),
		col('jumlah_pct', `${RIGHT_LABEL.jumlah({}, o)} (%)`, 'number', 1),
		col('paid_short', m.rights_col_short({}, o)),
		col('short_rp', m.rights_col_short_rp({}, o)),
		col('paid_over', m.rights_col_over({}, o)),
		col('over_rp', m.rights_col_over_rp({}, o)),
		col('rounds_delivered', m.rights_col_rounds({}, o)),
		col('rounds_on_time', m.rights_col_on_time({}, o)),
		col('waktu_pct', `${RIGHT_LABEL.waktu({}, o)} (%)`, 'number', 1),
		col('rounds_late', m.rights_col_late({}, o)),
		col('late_median_days', m.rights_col_median_delay({}, o), 'number', 1),
		col('rounds_early', m.rights_col_early({}, o)),
		col('rounds_undelivered', m.rights_col_undelivered({}, o)),
		col('receipts_signed', m.rights_col_signed({}, o)),
		col('administrasi_pct', `${RIGHT_LABEL.administrasi({}, o)} (%)`, 'number', 1),
		col('receipts_missing', m.rights_col_no_receipt({}, o)),
		col('dropouts', m.rights_col_dropouts({}, o)),
		col('dropouts_no_reason', m.rights_col_no_reason({}, o)),
		col('worst', m.rights_worst({}, o), 'string'),
		col('worst_pct', `${m.rights_worst({}, o)} (%)`, 'number', 1)
	];
}

export function rightsExport(r: RightsResult, wb: Workbench, p: RightsParams, lang: Locale): ExportTable {
	const o = { locale: lang };
	const programme = lang === 'en' ? wb.programme.name_en : wb.programme.name_id;
	const method = rightsMethod(r.evaluated, lang);
	return {
		title:
			r.table === 'programmes'
				? m.rights_programmes_caption({ name: wb.region.name }, o)
				: m.rights_regions_caption({ programme, name: wb.region.name, level: LEVEL_WORD[p.level]({}, o) }, o),
		filters: Object.entries({ region: r.region, program: r.table === 'villages' ? r.programme : undefined, ...p })
			.filter(([, v]) => v !== undefined && v !== '')
			.map(([k, v]) => [`Filter ${k}`, String(v)]),
		source: m.rights_source({}, o),
		method: RIGHTS.map((k) => `${RIGHT_LABEL[k]({}, o)}: ${method[k]}`).join(' '),
		snapshot: r.snapshot,
		columns: rightsColumns(r.table, lang),
		rows: r.rows.map((row) => ({
			...row,
			name: r.table === 'programmes' && lang === 'en' ? (row as ProgrammeRights).name_en : row.name,
			worst: row.worst && RIGHT_LABEL[row.worst]({}, o)
		}))
	};
}

/**
 * The leaders' brief: one line per programme of the latest period, up to the evaluation date's year, that
 * delivered in the region.
 */
export async function briefRights(db: SnapshotDatabase, user: Principal, regionCode: string, date: string) {
	const year = Number(date.slice(0, 4));
	const all = (await rightsByProgramme(db, user, regionCode)).filter((p) => p.period <= year);
	const period = all[0]?.period ?? null;
	return { period, evaluated: all[0]?.evaluated ?? null, programmes: all.filter((p) => p.period === period) };
}
