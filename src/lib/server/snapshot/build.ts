import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildCoverageTables } from '../coverage/build';
import { buildPublicTables } from '../public/build';
import { buildRightsTables } from '../rights/build';
import { writeWorkbenchAnswers } from '../coverage/prebuilt';
import { writeValueAnswers } from '../indicators/prebuilt';
import { quoteLiteral } from '../db';
import { loadRegionMaster } from '../regions/master';
import { CRITERIA } from '../../criteria';
import { ALL_TABLES, BASE_TABLES, MEASURES, SCHEMA_VERSION, createTableSql } from './schema';
import { fileSha256, publishSnapshot, snapshotsDir, type Manifest } from './store';

/** Bounds for a build's DuckDB: past `memoryLimit` (e.g. '3GB') it spills to `tempDirectory` instead of growing. */
export interface BuildMemory {
	memoryLimit: string;
	tempDirectory: string;
}

/**
 * An empty build database with every base table created and the region master loaded; `master: false`
 * leaves `regions` empty for a caller that loads a snapshot's own regions next (the importer).
 */
export async function openBuildDatabase(memory?: BuildMemory, { master = true } = {}): Promise<{ conn: DuckDBConnection; close: () => void }> {
	if (memory) fs.mkdirSync(memory.tempDirectory, { recursive: true });
	const bounds: Record<string, string> = memory ? { memory_limit: memory.memoryLimit, temp_directory: memory.tempDirectory } : {};
	const instance = await DuckDBInstance.create(':memory:', { threads: '2', preserve_insertion_order: 'true', ...bounds });
	const conn = await instance.connect();
	for (const spec of BASE_TABLES) await conn.run(createTableSql(spec));
	if (master) await loadRegionMaster(conn);
	return {
		conn,
		close: () => {
			conn.closeSync();
			instance.closeSync();
		}
	};
}

/** The tables `writeValueAnswers` reads. */
const ANSWER_TABLES = ['regions', 'region_values'];

const REACHED = `status IN ('delivered', 'receipt_signed')`;

/**
 * Pre-aggregation step: register measures per village × period, then rolled up to district,
 * regency, province and country, so pages never scan household rows. Kept to SQL that PostgreSQL
 * runs too (FILTER (WHERE …), explicit GROUP BY, min() not any_value()): a test runs it on both.
 */
export const REGION_VALUES = `
	CREATE TABLE region_values AS
	WITH hh AS (
		SELECT village_code, period,
			count(*) AS households,
			count(*) FILTER (WHERE in_dtks) AS dtks_hh,
			count(*) FILTER (WHERE in_p3ke) AS p3ke_hh,
			count(*) FILTER (WHERE in_dtsen) AS dtsen_hh,
			count(*) FILTER (WHERE in_krs) AS krs_families,
			count(*) FILTER (WHERE extreme_poor) AS extreme_poor_hh,
			count(*) FILTER (WHERE decile <= 4) AS poor_vulnerable_hh,
			sum(members) AS people,
			sum(under_five) AS under_five,
			${CRITERIA.map((c) => `count(*) FILTER (WHERE ${c.flag}) AS ${c.measure}`).join(',\n\t\t\t')}
		FROM households GROUP BY village_code, period
	), aid AS (
		SELECT d.village_code, d.period,
			count(DISTINCT d.household_id) AS aid_households,
			sum(d.amount_rp) AS aid_rp,
			count(DISTINCT d.household_id) FILTER (WHERE h.extreme_poor) AS extreme_poor_reached
		FROM distributions d LEFT JOIN households h USING (household_id, period)
		WHERE d.${REACHED} GROUP BY d.village_code, d.period
	), cg AS (
		-- the August weighing round is the year's figure
		SELECT village_code, period, measured AS under5_measured, stunted AS under5_stunted
		FROM child_growth WHERE round_month = 8
	), ch AS (
		-- e-PPGBM children of the August round linked to a register household by hashed KK (or parent NIK)
		SELECT c.village_code, c.period, count(*) AS children_measured,
			count(*) FILTER (WHERE h.household_id IS NOT NULL) AS children_linked,
			count(*) FILTER (WHERE h.household_id IS NULL AND c.height_for_age IN ('severely_stunted', 'stunted')) AS children_stunted_unlisted
		FROM children c LEFT JOIN households h ON h.household_id = c.household_id AND h.period = c.period
		WHERE c.round_month = 8 GROUP BY c.village_code, c.period
	), v AS (
		SELECT hh.village_code AS region_code, hh.period,
			${MEASURES.map((m) => `coalesce(${m}, 0)::BIGINT AS ${m}`).join(', ')}
		FROM hh LEFT JOIN aid USING (village_code, period) LEFT JOIN cg USING (village_code, period) LEFT JOIN ch USING (village_code, period)
	), levels AS (
		SELECT * FROM (VALUES ('village', 13), ('district', 8), ('regency', 5), ('province', 2), ('country', 0)) t(level, len)
	)
	SELECT CASE WHEN l.len = 0 THEN 'ID' ELSE substr(v.region_code, 1, l.len) END AS region_code, l.level,
		min(r.parent_code) AS parent_code, v.period::SMALLINT AS period,
		${MEASURES.map((m) => `sum(v.${m})::BIGINT AS ${m}`).join(', ')}
	FROM v CROSS JOIN levels l
	LEFT JOIN regions r ON r.code = CASE WHEN l.len = 0 THEN 'ID' ELSE substr(v.region_code, 1, l.len) END
	GROUP BY 1, 2, 4`;

/** YYYY-MM-DD of an instant on the Jakarta calendar (WIB), the date the data's users live by. */
export function jakartaDate(d: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(d);
}

/** Told the wall time of each build step, in seconds, as it finishes. */
export type StageLog = (stage: string, seconds: number) => void;

/** Runs one build step and tells `log` (if any) how long it took. */
export async function timedStage<T>(log: StageLog | undefined, stage: string, run: () => Promise<T>): Promise<T> {
	const started = performance.now();
	const result = await run();
	log?.(stage, (performance.now() - started) / 1000);
	return result;
}

export interface BuildInfo {
	id: string;
	synthetic: boolean;
	/** Evaluation date of the four rights (YYYY-MM-DD); by default the snapshot date in Jakarta. */
	evaluated?: string;
	/**
	 * False: no answers written ahead in the build (the importer writes them after the publish, so the data is
	 * served as soon as it is checked; see `writeLateAnswers`).
	 */
	answers?: boolean;
	generator?: Manifest['generator'];
	sources?: Manifest['sources'];
	onStage?: StageLog;
}

export const stagingDir = (root: string, id: string) => path.join(root, 'staging', id);

/** Writes every table as Parquet plus `manifest.json` into `staging/<id>/` and returns that folder. */
export async function writeStaged(conn: DuckDBConnection, root: string, info: BuildInfo): Promise<string> {
	const created = new Date();
	const step = <T>(name: string, run: () => Promise<T>) => timedStage(info.onStage, name, run);
	await step('region values', async () => {
		await conn.run('DROP TABLE IF EXISTS region_values');
		await conn.run(REGION_VALUES);
	});
	await step('coverage', () => buildCoverageTables(conn));
	await step('rights', () => buildRightsTables(conn, info.evaluated ?? jakartaDate(created)));
	await step('public tables', () => buildPublicTables(conn));
	const staging = stagingDir(root, info.id);
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });

	const periods = await conn.runAndReadAll('SELECT DISTINCT period::INTEGER FROM region_values ORDER BY 1');
	const written = new Map<string, Manifest['tables'][string]>();
	const manifest = (): Manifest => ({
		id: info.id,
		created: created.toISOString(),
		schema_version: SCHEMA_VERSION,
		synthetic: info.synthetic,
		generator: info.generator,
		sources: info.sources ?? [],
		periods: periods.getRows().map((r) => Number(r[0])),
		tables: Object.fromEntries(ALL_TABLES.flatMap((spec) => (written.has(spec.name) ? [[spec.name, written.get(spec.name)!]] : [])))
	});
	const writeManifest = (m: Manifest) => fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(m, null, 2));
	const writeTable = async (spec: (typeof ALL_TABLES)[number]) => {
		const file = `${spec.name}.parquet`;
		const target = path.join(staging, file);
		const cols = Object.keys(spec.columns).join(', ');
		const copy = `COPY (SELECT ${cols} FROM ${spec.name} ORDER BY ${spec.orderBy}) TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`;
		const entry = await step(`write ${spec.name}`, async () => {
			await conn.run(copy);
			const check = await conn.runAndReadAll('SELECT count(*)::INTEGER FROM read_parquet($1)', [target]);
			return { file, rows: Number(check.getRows()[0]?.[0] ?? 0), sha256: await fileSha256(target), bytes: fs.statSync(target).size };
		});
		written.set(spec.name, entry);
	};
	// The values answers need only these two tables: they are written first, and the answers are made
	// (read back from that Parquet, through the server's own queries) while the other tables are written.
	const answerTables = ALL_TABLES.filter((spec) => ANSWER_TABLES.includes(spec.name));
	for (const spec of answerTables) await writeTable(spec);
	writeManifest(manifest());
	const answers = info.answers === false ? Promise.resolve(undefined) : writeValueAnswers(staging);
	// Handled at once (a failure is thrown below), and awaited before any table error leaves: nothing keeps writing into a folder the caller removes.
	const settled = answers.then(
		() => undefined,
		() => undefined
	);
	try {
		for (const spec of ALL_TABLES) if (!answerTables.includes(spec)) await writeTable(spec);
	} finally {
		await settled;
	}
	const values = await answers;
	writeManifest({ ...manifest(), answers: values });
	// The workbench's answers read the programme tables, written last; they are made from the manifest just written.
	if (values) writeManifest({ ...manifest(), answers: { ...values, ...(await step('workbench answers', () => writeWorkbenchAnswers(staging))) } });
	return staging;
}

/** Moves a staged snapshot into `snapshots/` in one rename, so nothing there is ever half-written. */
export function adoptStaged(root: string, id: string): string {
	fs.mkdirSync(snapshotsDir(root), { recursive: true });
	const final = path.join(snapshotsDir(root), id);
	fs.renameSync(stagingDir(root, id), final);
	return final;
}

/** Writes a snapshot into staging and moves it into `snapshots/`. */
export async function buildSnapshot(conn: DuckDBConnection, root: string, info: BuildInfo): Promise<string> {
	await writeStaged(conn, root, info);
	return adoptStaged(root, info.id);
}

/** Publishes a built snapshot and keeps the newest `keep` ones. */
export function publishAndPrune(root: string, id: string, keep = 5): void {
	publishSnapshot(root, id);
	const dir = snapshotsDir(root);
	const ids = fs
		.readdirSync(dir)
		.filter((name) => name !== id)
		.sort()
		.reverse();
	for (const old of ids.slice(keep - 1)) fs.rmSync(path.join(dir, old), { recursive: true, force: true });
}
