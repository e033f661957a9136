/**
 * `npm run bench`: in one run, the national snapshot's queries through the built server vs the same
 * SQL on DuckDB directly vs PostgreSQL, Arrow vs JSON transfer and browser decode, page load in
 * Chromium, load and soak with autocannon, the importer against a bare COPY, the Hive-partitioned
 * export, national build time and server memory. Writes bench/results/<date>.json and the generated
 * block of docs/performance.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { buildDir, launchBrowser, startServer } from '../tests/e2e/harness';
import { SnapshotDatabase, quoteLiteral } from '../src/lib/server/db';
import { toArrow, VALUE_COLUMNS } from '../src/lib/server/api/serialise';
import { coverageQuery, coverageRows, coverageSpanQuery } from '../src/lib/server/coverage/query';
import { resolveWorkbench } from '../src/lib/server/coverage/service';
import { CATALOGUE, findIndicator, type CatalogueEntry } from '../src/lib/server/indicators/catalogue';
import { indicatorSeries, indicatorValues, valueColumnQuery, valueSpanQuery } from '../src/lib/server/indicators/query';
import { getValues } from '../src/lib/server/indicators/service';
import { benchImport, benchLargeImport, type ImportBench, type LargeImportBench } from '../bench/import';
import { ALL_TABLES } from '../src/lib/server/snapshot/schema';
import { currentSnapshot } from '../src/lib/server/snapshot/store';
import { decodeInBrowser, pageLoad, type PageLoad } from '../bench/browser';
import { HttpClient } from '../bench/http';
import { PUBLIC_MIXES, errorText, loadRun, readMemlog, serverEnv, soak } from '../bench/load';
import { nationalSnapshot } from '../bench/national';
import { writePartitioned } from '../bench/partition';
import { PgQueries, addIndexes, analyticsSettings, copyToPostgres, tempFiles } from '../bench/postgres';
import { startPostgres, type PgCluster } from '../tests/postgres';
import {
	TARGETS,
	renderEngine,
	renderMarkdown,
	replaceGenerated,
	type BenchResult,
	type Breakdown,
	type Dataset,
	type EngineFigure,
	type MapFigure,
	type PostgresReference,
	type QueryFigure,
	type QueryKind,
	type Transfer
} from '../bench/report';
import { benchSession } from '../bench/session';
import { coldWarm, type ColdWarmFigure, type ColdWarmKey, type Crawl } from '../bench/coldwarm';
import { atLeast, atMost, measure, measureOwn, summarise, type Latency, type Runs } from '../bench/stats';
import { mapSession, measureMap, type MapFigures } from '../bench/map';
import { childPid, machineInfo, processMemory, runCommand } from '../bench/system';
import { commandLine, readablePath } from './cli';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run bench -- [options]
  --quick             demo snapshot (data/current), fewer iterations, short load; block 'bench-demo'
  --skip-build        reuse build/ instead of running 'npx vite build'
  --rebuild-data      regenerate the national snapshot even if data/bench-national has one
  --no-postgres       skip the PostgreSQL comparison
  --load-seconds N    seconds per autocannon run (default 10, quick 3)
  --soak-seconds N    soak duration (default 60, quick 10; 600 for the 10-minute soak)
  --import-rows N     rows for the import bench (default 1000000, quick 100000; 0 skips it)
  --import-large-rows N  rows imported in a fresh process for time and peak RSS (default 10000000, quick 0; 0 skips it)
  --iterations N      timed requests per regency figure (default 200, quick 50)
  --national-iterations N  timed requests per national figure (default 20, quick 10)
  --only map          only the map figures in Chromium, printed, nothing written (quick: Kotabaru only)
  --only engine       only the cold/warm answers, Arrow vs JSON gzip, the memo crawl and DuckDB vs
                      tuned PostgreSQL (unless --no-postgres); writes
                      bench/results/<date>-engine.json and the 'bench-engine' block
  --only import       only the import figures (--import-rows against the one-statement reference, and
                      --import-large-rows in a fresh process for time and peak RSS), printed and merged
                      into bench/results/<date>-import.json (a size not run keeps the day's figure); no
                      build, no server
  --map-runs N        page loads per map view (default 5, quick 3)
  --data-dir DIR      read the snapshot from DIR instead of data/ or data/bench-national (never rebuilt)`;
const { values: opts } = commandLine({
	options: {
		quick: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		'rebuild-data': { type: 'boolean', default: false },
		'no-postgres': { type: 'boolean', default: false },
		'load-seconds': { type: 'string' },
		'soak-seconds': { type: 'string' },
		'import-rows': { type: 'string' },
		'import-large-rows': { type: 'string' },
		iterations: { type: 'string' },
		'national-iterations': { type: 'string' },
		only: { type: 'string' },
		'map-runs': { type: 'string' },
		'data-dir': { type: 'string' }
	}
}, usage);
const quick = opts.quick;
// Checked before the build, so a mistyped folder is answered at once.
if (opts['data-dir']) readablePath(opts['data-dir'], 'dir');
const num = (flag: string, raw: string | undefined, fallback: number) => {
	const n = raw === undefined ? fallback : Number(raw);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a whole number ≥ 0 (got ${raw})`);
	return n;
};
const loadSeconds = num('load-seconds', opts['load-seconds'], quick ? 3 : 10);
const soakSeconds = num('soak-seconds', opts['soak-seconds'], quick ? 10 : 60);
const importRows = num('import-rows', opts['import-rows'], quick ? 100_000 : 1_000_000);
const importLargeRows = num('import-large-rows', opts['import-large-rows'], quick ? 0 : 10_000_000);
const regencyIterations = num('iterations', opts.iterations, quick ? 50 : 200);
const nationalIterations = num('national-iterations', opts['national-iterations'], quick ? 10 : 20);
const mapRuns = num('map-runs', opts['map-runs'], quick ? 3 : 5);
if (opts.only !== undefined && !['map', 'engine', 'import'].includes(opts.only)) throw new Error(`--only takes 'map', 'engine' or 'import' (got ${opts.only})`);
const onlyMap = opts.only === 'map';
const onlyEngine = opts.only === 'engine';
const runs: Record<'regency' | 'national', Runs> = {
	regency: { warmup: Math.max(2, Math.round(regencyIterations / 10)), iterations: regencyIterations },
	national: { warmup: 2, iterations: nationalIterations }
};

const INDICATORS = ['extreme_poor_hh', 'stunted_share_eppgbm', 'extreme_poor_coverage'].map((id) => findIndicator(id) ?? fail(`indicator ${id} is not in the catalogue`));
const [MAIN] = INDICATORS as [CatalogueEntry];
const REGENCIES = [
	{ label: 'Kutai Kartanegara (64.02)', code: '64.02' },
	{ label: 'Kotabaru (63.02)', code: '63.02' }
];
const NATIONAL = { label: 'Indonesia (ID)', code: 'ID' };
/** What a signed-out visitor or script hits, in two mixes the load test cycles through; the soak runs both. */
const LOAD_MIXES: Record<string, string[]> = { 'public API': PUBLIC_MIXES.api, 'public pages (server-rendered)': PUBLIC_MIXES.pages };
/** PostgreSQL as its users would set it for this machine (a quarter of RAM for shared_buffers, JIT off, …). */
const PG_SETTINGS = analyticsSettings();
const PG_SETTINGS_TEXT = Object.entries(PG_SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ');
/** Tables the compared queries read; households only for the national aggregate. */
const PG_TABLES = ['regions', 'region_values', 'official_indicators', 'programme_coverage', 'households'];
/** National aggregates straight from household rows (what a dashboard without pre-aggregates runs). */
const NATIONAL_AGGREGATES = [
	{
		query: 'Household rows per province',
		sql: `SELECT substr(village_code, 1, 2) AS province, count(*) AS households,
	count(*) FILTER (WHERE extreme_poor) AS extreme_poor, sum(under_five) AS under_five
	FROM households WHERE period = $1 GROUP BY substr(village_code, 1, 2) ORDER BY 1`
	},
	{
		query: 'Household rows per regency',
		sql: `SELECT substr(village_code, 1, 5) AS regency, count(*) AS households, avg(decile) AS mean_decile,
	count(*) FILTER (WHERE in_dtks) AS dtks, count(*) FILTER (WHERE in_krs) AS krs, sum(members) AS people
	FROM households WHERE period = $1 GROUP BY substr(village_code, 1, 5) ORDER BY 1`
	},
	{
		query: 'Deprivations by province and decile',
		sql: `SELECT substr(village_code, 1, 2) AS province, decile, count(*) AS households,
	count(*) FILTER (WHERE no_safe_water) AS no_safe_water, count(*) FILTER (WHERE no_sanitation) AS no_sanitation,
	count(*) FILTER (WHERE in_krs AND under_five > 0) AS krs_with_under_five
	FROM households WHERE period = $1 GROUP BY substr(village_code, 1, 2), decile ORDER BY 1, 2`
	}
];
function fail(message: string): never {
	throw new Error(message);
}

const fmt = (l: Latency | null) => (l ? `${l.p50.toFixed(2).padStart(7)} / ${l.p95.toFixed(2).padStart(7)}` : '      –       ');

type ImportFigures = { import?: ImportBench & { peak_rss_note: string }; import_large?: LargeImportBench };
/** The import figures of one run: the 1 M rows against the reference, the 10 M rows in a fresh process. */
async function importFigures(): Promise<ImportFigures> {
	const out: ImportFigures = {};
	if (importRows > 0) {
		console.log(`Import bench: ${importRows} household rows …`);
		out.import = { ...(await benchImport(importRows)), peak_rss_note: 'whole bench process' };
		console.log(`Import ${out.import.rows} rows: ${out.import.importSeconds.toFixed(1)} s until served vs the one-statement reference ${out.import.referenceSeconds.toFixed(2)} s (${out.import.ratio.toFixed(1)}×; ${out.import.sortedReferenceSeconds.toFixed(2)} s writing the households order, ${out.import.sortedRatio.toFixed(1)}×), ${out.import.outcome}; answers written ahead ${out.import.answersSeconds.toFixed(1)} s after it`);
	}
	if (importLargeRows > 0) {
		console.log(`Import bench: ${importLargeRows} household rows in a fresh process …`);
		out.import_large = await benchLargeImport(importLargeRows);
		console.log(`Import ${out.import_large.rows} rows: ${out.import_large.importSeconds.toFixed(1)} s, peak RSS ${(out.import_large.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ${out.import_large.outcome}`);
	}
	return out;
}

if (opts.only === 'import') {
	const before = os.loadavg()[0] ?? 0;
	const figures = await importFigures();
	const loadAverage = [before, os.loadavg()[0] ?? 0];
	const date = new Date().toISOString().slice(0, 10);
	const out = path.join(root, 'bench/results', `${date}-import.json`);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	// A run of one size (e.g. --import-rows 0) keeps the day's figure of the other; each figure carries the load average of the run that measured it.
	const kept = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
	const measured = Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, { ...figure, load_average: loadAverage }]));
	fs.writeFileSync(out, JSON.stringify({ ...kept, date, ...measured }, null, 2) + '\n');
	console.log(`1-minute load average ${loadAverage.map((l) => l.toFixed(1)).join(' → ')}; wrote ${Object.keys(measured).join(' and ')} into ${path.relative(root, out)}`);
	process.exit(0);
}

if (!opts['skip-build']) {
	console.log('Building the app (npx vite build) …');
	await runCommand('npx', ['vite', 'build'], { cwd: root, quiet: true });
}

const dataDir = opts['data-dir'] ? path.resolve(opts['data-dir']) : path.join(root, quick ? 'data' : 'data/bench-national');
const snapshot =
	quick || opts['data-dir']
		? { ...(currentSnapshot(dataDir) ?? fail(`no published snapshot in ${dataDir}: run \`npm run data:demo\` first`)), build: null }
		: await nationalSnapshot(root, dataDir, opts['rebuild-data']);
const period = snapshot.manifest.periods.at(-1) ?? fail('the snapshot has no periods');

const stateDir = path.join(root, quick ? 'data/bench-state-quick' : 'data/bench-state');
const cookie = await benchSession(stateDir);
const db = await SnapshotDatabase.open(snapshot.dir);
/** The server runs with `npm start`'s heap cap and writes its own memoryUsage() here once a second, for the soak's heap columns. */
const memlog = path.join(stateDir, 'server-memory.json');
const server = await startServer({ dataDir, env: { TEPAT_STATE_DIR: stateDir, ...serverEnv(memlog) }, timeoutMs: 180_000 });
const serverPid = childPid([buildDir]);
const http = new HttpClient(server.url, { cookie });
let cluster: PgCluster | null = null;
let pgVersion: string | null = null;
/** PostgreSQL behind SnapshotDatabase's query surface: the project's query functions run on it unchanged. */
let pgDb: SnapshotDatabase | null = null;

async function startPostgresWithData(): Promise<PgCluster> {
	console.log(`PostgreSQL: loading ${PG_TABLES.join(', ')} from the snapshot's Parquet …`);
	const t0 = performance.now();
	const c = await startPostgres(PG_SETTINGS);
	const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
	const conn = await instance.connect();
	try {
		const tables = PG_TABLES.map((name) => {
			const spec = ALL_TABLES.find((t) => t.name === name) ?? fail(`no table ${name}`);
			const file = snapshot.manifest.tables[name]?.file ?? fail(`snapshot has no ${name}`);
			// Households split by period, so a scan of one period reads that period's rows only.
			const partitions = name === 'households' ? { column: 'period', values: snapshot.manifest.periods } : undefined;
			return { spec, source: `read_parquet(${quoteLiteral(path.join(snapshot.dir, file))})`, partitions };
		});
		await copyToPostgres(conn, c, tables);
		await addIndexes(c, PG_TABLES);
	} finally {
		conn.closeSync();
		instance.closeSync();
	}
	console.log(`PostgreSQL ${c.version} ready in ${((performance.now() - t0) / 1000).toFixed(0)} s (${PG_SETTINGS_TEXT})`);
	return c;
}

async function dataset(): Promise<Dataset> {
	const [row] = await db.query<{ n: number }>("SELECT count(DISTINCT region_code)::INTEGER AS n FROM region_values WHERE level = 'village'");
	const rows = (t: string) => snapshot.manifest.tables[t]?.rows ?? 0;
	return {
		name: quick ? 'data/current (demo, three regencies)' : 'data/bench-national (demo, national)',
		snapshot: snapshot.manifest.id,
		villages_with_data: row?.n ?? 0,
		households: rows('households'),
		region_values: rows('region_values')
	};
}

interface Spec {
	kind: QueryKind;
	query: string;
	scope: 'regency' | 'national';
	subject: string;
	/** Runs the query on a SnapshotDatabase-shaped target (DuckDB, or PostgreSQL through PgQueries). */
	run: (target: SnapshotDatabase) => Promise<unknown[]>;
	apiPath: string | null;
}

/** Times one query on all three paths; the row counts must agree before anything is timed. */
async function queryFigure(s: Spec): Promise<QueryFigure> {
	const r = runs[s.scope];
	const rows = (await s.run(db)).length;
	const pg = pgDb;
	if (pg) {
		const pgRows = (await s.run(pg)).length;
		if (pgRows !== rows) throw new Error(`${s.kind} ${s.query}: PostgreSQL gave ${pgRows} rows, DuckDB ${rows}`);
	}
	if (s.apiPath) await http.get(s.apiPath);
	const api = s.apiPath ? await measureOwn(async () => (await http.timed(s.apiPath as string)).ms, r) : null;
	const direct = await measure(() => s.run(db), r);
	const postgres = pg ? await measure(() => s.run(pg), r) : null;
	const limit = s.scope === 'regency' ? TARGETS.regency_p95_ms : TARGETS.national_p95_ms;
	const f: QueryFigure = {
		kind: s.kind,
		query: s.query,
		scope: s.scope,
		subject: s.subject,
		rows,
		api,
		direct,
		postgres,
		p95: atMost((api ?? direct).p95, limit),
		ratio: api && atMost(api.p50 / direct.p50, TARGETS.api_over_direct),
		postgres_ratio: postgres && atLeast(postgres.p50 / direct.p50, TARGETS.postgres_over_duckdb_aggregates)
	};
	console.log(
		`${s.kind.padEnd(10)} ${s.query.padEnd(26)} ${s.subject.padEnd(22)} ${String(rows).padStart(6)} rows  API ${fmt(api)}  direct ${fmt(direct)}  PG ${fmt(postgres)} ms` +
			`  p95 ${f.p95.verdict}${f.ratio ? `  API÷direct ${f.ratio.value.toFixed(2)}× ${f.ratio.verdict}` : ''}${f.postgres_ratio ? `  PG÷DuckDB ${f.postgres_ratio.value.toFixed(1)}×` : ''}`
	);
	return f;
}

/** DuckDB and tuned PostgreSQL on one query the app runs (or a household scan), same SQL and bound values; rows must agree. */
async function engineFigure(s: Spec, pg: SnapshotDatabase): Promise<EngineFigure> {
	const rows = (await s.run(db)).length;
	const pgRows = (await s.run(pg)).length;
	if (pgRows !== rows) throw new Error(`${s.kind} ${s.query}: PostgreSQL gave ${pgRows} rows, DuckDB ${rows}`);
	const r = runs[s.scope];
	const duckdb = await measure(() => s.run(db), r);
	const postgres = await measure(() => s.run(pg), r);
	const f: EngineFigure = { kind: s.kind, query: s.query, scope: s.scope, subject: s.subject, rows, duckdb, postgres };
	console.log(`${s.kind.padEnd(10)} ${s.query.padEnd(26)} ${s.subject.padEnd(22)} ${String(rows).padStart(6)} rows  DuckDB ${fmt(duckdb)}  PG ${fmt(postgres)} ms  PG÷DuckDB ${(postgres.p50 / duckdb.p50).toFixed(2)}×`);
	return f;
}

/** The app's queries and the household scans on DuckDB and on PostgreSQL tuned as its users would tune it. */
async function postgresReference(): Promise<PostgresReference> {
	const t0 = performance.now();
	const c = await startPostgresWithData();
	const load_seconds = (performance.now() - t0) / 1000;
	try {
		const pg = new PgQueries(c.client) as unknown as SnapshotDatabase;
		const before = await tempFiles(c);
		const figures: EngineFigure[] = [];
		for (const s of await specs()) figures.push(await engineFigure(s, pg));
		const after = await tempFiles(c);
		return { version: c.version, settings: PG_SETTINGS, load_seconds, temp_files: after.files - before.files, temp_bytes: after.bytes - before.bytes, figures };
	} finally {
		await c.stop();
	}
}

function apiPath(route: string, params: Record<string, string>): string {
	return `/api/v1/${route}?${new URLSearchParams(params)}`;
}

async function specs(): Promise<Spec[]> {
	const regions = [...REGENCIES.map((r) => ({ ...r, scope: 'regency' as const })), { ...NATIONAL, scope: 'national' as const }];
	const out: Spec[] = [];
	for (const region of regions) {
		for (const e of INDICATORS) {
			out.push({
				kind: 'values',
				query: `${region.label} villages`,
				scope: region.scope,
				subject: e.id,
				run: (t) => indicatorValues(t, e, region.code, 'village', period),
				apiPath: apiPath('values', { indicator: e.id, region: region.code, level: 'village', period: String(period), format: 'arrow' })
			});
		}
		out.push({
			kind: 'series',
			query: region.label,
			scope: region.scope,
			subject: MAIN.id,
			run: (t) => indicatorSeries(t, MAIN, region.code),
			apiPath: apiPath('series', { indicator: MAIN.id, region: region.code })
		});
		const wb = await resolveWorkbench(db, { id: 0, username: 'bench', role: 'planner', scope: 'ID', agency: null }, region.code, undefined);
		if (!wb) throw new Error(`no programme with data in ${region.code}`);
		const program = wb.programme.code;
		out.push({
			kind: 'coverage',
			query: `${region.label} villages`,
			scope: region.scope,
			subject: program,
			run: (t) => coverageRows(t, program, region.code, 'village'),
			apiPath: apiPath('coverage', { region: region.code, program, level: 'village', sort: 'exclusion' })
		});
		out.push({
			kind: 'allocation',
			query: `${region.label} villages`,
			scope: region.scope,
			subject: program,
			run: (t) => coverageRows(t, program, region.code, 'village'),
			apiPath: apiPath('allocation', { region: region.code, program, rule: 'unmet' })
		});
	}
	for (const a of NATIONAL_AGGREGATES) {
		out.push({ kind: 'aggregate', query: a.query, scope: 'national', subject: 'households', run: (t) => t.query(a.sql, [period]), apiPath: null });
	}
	return out;
}

async function breakdown(region: { label: string; code: string }, f: QueryFigure, r: Runs): Promise<Breakdown> {
	const result = await getValues(db, MAIN, region.code, 'village', period);
	const service = await measure(() => getValues(db, MAIN, region.code, 'village', period), r);
	const arrow = await measure(async () => toArrow(result.rows, VALUE_COLUMNS, { indicator: MAIN.id }), r);
	const json = await measure(async () => JSON.stringify(result), r);
	const jsonPath = apiPath('values', { indicator: MAIN.id, region: region.code, level: 'village', period: String(period), format: 'json' });
	const apiJson = await measureOwn(async () => (await http.timed(jsonPath)).ms, r);
	return {
		query: `${region.label} villages`,
		indicator: MAIN.id,
		direct_sql: f.direct.p50,
		service: service.p50,
		arrow_encode: arrow.p50,
		json_encode: json.p50,
		api_arrow: f.api?.p50 ?? NaN,
		api_json: apiJson.p50
	};
}

/** Map first paint with colours, recolour after an indicator change, and tile bytes, in Chromium. */
async function mapFigures(browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<MapFigure[]> {
	const token = await mapSession(stateDir);
	const views = [{ name: 'Kotabaru villages (63.02)', region: '63.02' }, ...(quick ? [] : [{ name: 'National villages (ID)', region: 'ID' }])];
	const figures: MapFigure[] = [];
	for (const view of views) {
		const runs: MapFigures[] = [];
		try {
			for (let i = 0; i < mapRuns; i++) runs.push(await measureMap(server.url, browser, { token, region: view.region, level: 'village' }));
		} catch (err) {
			// A map that never paints is a MISS to report, not a reason to lose the rest of the run.
			console.log(`Map ${view.name}: MISS, no repaint (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
			continue;
		}
		const last = runs.at(-1)!;
		const samples = (f: (r: MapFigures) => number) => runs.map(f).map((x) => x.toFixed(0)).join(' ');
		console.log(
			`Map ${view.name}: first paint ${fmt(summarise(runs.map((r) => r.first_paint_ms)))} ms [${samples((r) => r.first_paint_ms)}], map ready ${fmt(summarise(runs.map((r) => r.map_ready_ms)))} ms [${samples((r) => r.map_ready_ms)}], recolour ${fmt(summarise(runs.map((r) => r.recolour_ms)))} ms [${samples((r) => r.recolour_ms)}] (in the page [${samples((r) => r.recolour_in_page_ms)}]), ` +
				`${last.tile_requests} tiles, ${last.tile_bytes} bytes, ${last.tile_requests_after_change} tiles after the change; pan/zoom frame p95 [${samples((r) => r.pan_zoom.frame_p95_ms)}] ms, longest task [${samples((r) => r.pan_zoom.longest_task_ms)}] ms`
		);
		figures.push(
			{ figure: `Map ${view.name}: first paint with colours, server-drawn preview or map (ms)`, latency: summarise(runs.map((r) => r.first_paint_ms)) },
			{ figure: `Map ${view.name}: interactive map painted with colours (ms)`, latency: summarise(runs.map((r) => r.map_ready_ms)) },
			{ figure: `Map ${view.name}: recolour after an indicator change (ms)`, latency: summarise(runs.map((r) => r.recolour_ms)) },
			{ figure: `Map ${view.name}: recolour timed in the page, change event to the frame drawn (ms)`, latency: summarise(runs.map((r) => r.recolour_in_page_ms)) },
			{ figure: `Map ${view.name}: tile bytes (gzip)`, latency: summarise(runs.map((r) => r.tile_bytes)) },
			{ figure: `Map ${view.name}: tiles fetched after the indicator change`, latency: summarise(runs.map((r) => r.tile_requests_after_change)) },
			{ figure: `Map ${view.name}: frame interval while dragged and wheel-zoomed, p95 (ms)`, latency: summarise(runs.map((r) => r.pan_zoom.frame_p95_ms)) },
			{ figure: `Map ${view.name}: longest main-thread task while dragged and wheel-zoomed (ms)`, latency: summarise(runs.map((r) => r.pan_zoom.longest_task_ms)) },
			{ figure: `Map ${view.name}: share of the drag and zoom spent in tasks over 50 ms`, latency: summarise(runs.map((r) => r.pan_zoom.blocked_share)) }
		);
	}
	return figures;
}

/**
 * Arrow and JSON of the same national village values: as the server sent them (gzip-compressed, as a
 * browser takes them) and gzipped here at level 6; decoded in Chromium when a browser is given.
 * With names, as a first view asks; without (`names=0`), as the map asks when the indicator or period changes.
 */
async function transferFigure(e: CatalogueEntry, names: boolean, browser?: Awaited<ReturnType<typeof launchBrowser>>): Promise<Transfer> {
	const params = { indicator: e.id, region: 'ID', level: 'village', period: String(period), ...(names ? {} : { names: '0' }) };
	const arrowPath = apiPath('values', { ...params, format: 'arrow' });
	const jsonPath = apiPath('values', { ...params, format: 'json' });
	const arrow = await http.timed(arrowPath);
	const json = await http.timed(jsonPath);
	const decode = browser ? await decodeInBrowser(browser, server.url, arrowPath, jsonPath, cookie, 30) : { arrow: null, json: null };
	return {
		indicator: e.id,
		names,
		rows: tableFromIPC(arrow.body).numRows,
		arrow_bytes: arrow.body.byteLength,
		json_bytes: json.body.byteLength,
		arrow_gzip_bytes: gzipSync(arrow.body).byteLength,
		json_gzip_bytes: gzipSync(json.body).byteLength,
		arrow_wire_bytes: arrow.wire,
		json_wire_bytes: json.wire,
		ratio: atMost(arrow.body.byteLength / json.body.byteLength, TARGETS.arrow_over_json_bytes),
		gzip_ratio: atMost(arrow.wire / json.wire, TARGETS.arrow_over_json_gzip),
		browser_arrow_decode: decode.arrow,
		browser_json_decode: decode.json
	};
}

async function transfer(browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<Transfer[]> {
	const out: Transfer[] = [];
	for (const names of [true, false])
		for (const e of INDICATORS) {
			const t = await transferFigure(e, names, browser);
			console.log(
				`Transfer ${t.indicator}${names ? '' : ' (names=0)'} (${t.rows} villages): Arrow ${t.arrow_bytes} B, JSON ${t.json_bytes} B, ratio ${t.ratio.value.toFixed(2)}× ${t.ratio.verdict};` +
					` Chromium decode Arrow ${fmt(t.browser_arrow_decode)} ms, JSON ${fmt(t.browser_json_decode)} ms`
			);
			out.push(t);
		}
	return out;
}

async function loadFigures(): Promise<BenchResult['load']> {
	const out: BenchResult['load'] = { mixes: LOAD_MIXES, runs: [], soak: null };
	for (const [mix, paths] of Object.entries(LOAD_MIXES)) {
		for (const connections of [10, 50, 200]) {
			const l = await loadRun(server.url, paths, connections, loadSeconds);
			out.runs.push({ ...l, mix, p95: l.latency && atMost(l.latency.p95, TARGETS.load_p95_ms) });
			console.log(`Load ${mix}, ${connections} connections, ${loadSeconds} s: ${l.requests_per_s.toFixed(0)} req/s, p50/p95/p99 ${l.latency ? `${l.latency.p50.toFixed(1)}/${l.latency.p95.toFixed(1)}/${l.latency.p99.toFixed(1)}` : 'none (no response)'} ms, errors ${errorText(l)}`);
		}
	}
	if (soakSeconds > 0) {
		out.soak = await soak(server.url, Object.values(LOAD_MIXES).flat(), serverPid, 50, soakSeconds, memlog);
		const last = out.soak.samples.at(-1);
		console.log(
			`Soak ${soakSeconds} s: RSS ${out.soak.rss_start_mb} → max ${out.soak.rss_max_mb} → ${out.soak.rss_end_mb} MiB, growth ${out.soak.growth_mb.toFixed(1)} MiB;` +
				` at the end JS heap ${last?.heap_used_mb ?? '–'} of ${last?.heap_total_mb ?? '–'} MiB, external ${last?.external_mb ?? '–'} MiB, heap growth ${out.soak.heap_growth_mb?.toFixed(1) ?? '–'} MiB; errors ${errorText(out.soak.load)}`
		);
	}
	return out;
}

/** Cold and warm answers, with the engine's time beside them: regencies and the whole country, values and the workbench. */
async function coldWarmFigures(): Promise<ColdWarmFigure[]> {
	const out: ColdWarmFigure[] = [];
	const periods = snapshot.manifest.periods;
	const regions = [...REGENCIES.map((r) => ({ ...r, scope: 'regency' as const })), { ...NATIONAL, scope: 'national' as const }];
	for (const region of regions) {
		for (const e of INDICATORS) {
			const keys: ColdWarmKey[] = [];
			for (const p of periods) {
				// The engine runs what the answer runs: a regency's span, else the values query.
				const q = (await valueSpanQuery(db, e, region.code, 'village', p)) ?? valueColumnQuery(e, region.code, 'village', p);
				for (const names of ['1', '0']) keys.push({ path: apiPath('values', { indicator: e.id, region: region.code, level: 'village', period: String(p), ...(names === '0' ? { names } : {}) }), ...q });
			}
			const rows = await db.count(keys[0]!.sql, keys[0]!.params);
			out.push(await coldWarm(http, db, serverPid, { kind: 'values', query: `${region.label} villages`, scope: region.scope, subject: e.id, rows, keys }));
			console.log(coldWarmLine(out.at(-1)!));
		}
		const wb = await resolveWorkbench(db, { id: 0, username: 'bench', role: 'planner', scope: 'ID', agency: null }, region.code, undefined);
		const programmes = (wb?.programmes ?? []).slice(0, 10).map((p) => p.code);
		for (const kind of ['coverage', 'allocation'] as const) {
			const keys: ColdWarmKey[] = [];
			for (const program of programmes) {
				const q = (await coverageSpanQuery(db, program, region.code, 'village')) ?? coverageQuery(program, region.code, 'village');
				keys.push({ path: apiPath(kind, { region: region.code, program, ...(kind === 'coverage' ? { level: 'village', sort: 'exclusion' } : { rule: 'unmet' }) }), ...q });
			}
			if (!keys.length) continue;
			const rows = await db.count(keys[0]!.sql, keys[0]!.params);
			out.push(await coldWarm(http, db, serverPid, { kind, query: `${region.label} villages`, scope: region.scope, subject: `${programmes.length} programmes`, rows, keys }));
			console.log(coldWarmLine(out.at(-1)!));
		}
	}
	return out;
}

function coldWarmLine(f: ColdWarmFigure): string {
	return `Cold/warm ${f.kind.padEnd(10)} ${f.query.padEnd(26)} ${f.subject.padEnd(22)} ${String(f.rows).padStart(6)} rows, ${f.keys} keys  cold ${fmt(f.cold)}  warm ${fmt(f.warm)}  engine ${fmt(f.engine)} ms; CPU cold ${fmt(f.cold_cpu)} engine ${fmt(f.engine_cpu)} ms  cold p95 ${f.cold_p95.verdict}${f.over_engine ? `  ÷ engine ${f.over_engine.value.toFixed(2)}× ${f.over_engine.verdict}` : ''}`;
}

/** Arrow and JSON of the same national rows, gzip sizes only (the engine run). */
async function gzipTransfer(): Promise<Transfer[]> {
	const out: Transfer[] = [];
	for (const names of [true, false])
		for (const e of INDICATORS) {
			const t = await transferFigure(e, names);
			console.log(`Transfer ${e.id}${names ? '' : ' (names=0)'}: Arrow ${t.arrow_bytes} B (${t.arrow_wire_bytes} B gzip), JSON ${t.json_bytes} B (${t.json_wire_bytes} B gzip); gzip ratio ${t.gzip_ratio!.value.toFixed(2)}× ${t.gzip_ratio!.verdict}`);
			out.push(t);
		}
	return out;
}

/** Every register indicator × period × names × format for the country's villages, once each, with the server's memory after each answer. */
async function crawl(): Promise<Crawl> {
	const keys = CATALOGUE.filter((e) => e.kind === 'register').flatMap((e) =>
		snapshot.manifest.periods.flatMap((p) =>
			['1', '0'].flatMap((names) => ['arrow', 'json'].map((format) => apiPath('values', { indicator: e.id, region: 'ID', level: 'village', period: String(p), names, format })))
		)
	);
	const t0 = performance.now();
	const start = processMemory(serverPid).rss_mb;
	let [rss, heap, external, bytes] = [start, 0, 0, 0];
	for (const path of keys) {
		bytes += (await http.timed(path)).body.byteLength;
		rss = Math.max(rss, processMemory(serverPid).rss_mb);
		const m = readMemlog(memlog);
		heap = Math.max(heap, m?.heapUsed ?? 0);
		external = Math.max(external, m?.external ?? 0);
	}
	const mib = (x: number) => Math.round(x / 2 ** 20);
	const c: Crawl = {
		keys: keys.length,
		seconds: (performance.now() - t0) / 1000,
		budget_mb: Number(process.env.TEPAT_MEMO_MB || 256),
		rss_start_mb: start,
		rss_max_mb: rss,
		rss_end_mb: processMemory(serverPid).rss_mb,
		heap_max_mb: heap ? mib(heap) : null,
		external_max_mb: external ? mib(external) : null,
		answers_mb: mib(bytes)
	};
	console.log(`Crawl: ${c.keys} national keys in ${c.seconds.toFixed(0)} s, ${c.answers_mb} MiB of answers; server RSS ${c.rss_start_mb} → max ${c.rss_max_mb} → ${c.rss_end_mb} MiB, JS heap max ${c.heap_max_mb ?? '–'} MiB, external max ${c.external_max_mb ?? '–'} MiB (memo budget ${c.budget_mb} MiB)`);
	return c;
}

if (onlyEngine) {
	const loadAtStart = os.loadavg()[0] ?? 0;
	try {
		const machine = await machineInfo(db);
		const data = await dataset();
		console.log(`${machine.cpu}, ${machine.cores} cores, load average ${loadAtStart.toFixed(1)}; dataset ${data.name}, period ${period}`);
		const cold_warm = await coldWarmFigures();
		const transfer = await gzipTransfer();
		const memory = await crawl();
		const result: Parameters<typeof renderEngine>[0] = { date: new Date().toISOString().slice(0, 10), machine, load_average: [loadAtStart, os.loadavg()[0] ?? 0], datasets: [data], server_start: server.startup, cold_warm, transfer, crawl: memory, postgres: null };
		const out = path.join(root, 'bench/results', `${result.date}-engine.json`);
		// Saved before the PostgreSQL reference and again after it, so a run cut short keeps the server's figures.
		const save = () => {
			result.load_average[1] = os.loadavg()[0] ?? 0;
			fs.mkdirSync(path.dirname(out), { recursive: true });
			fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
			replaceGenerated(path.join(root, 'docs/performance.md'), renderEngine(result), 'bench-engine');
			console.log(`Wrote ${path.relative(root, out)} and docs/performance.md`);
		};
		save();
		if (!opts['no-postgres']) {
			result.postgres = await postgresReference();
			save();
		}
	} finally {
		http.close();
		await server.stop();
		db.close();
	}
	process.exit(0);
}

if (onlyMap) {
	const browser = await launchBrowser();
	try {
		await mapFigures(browser);
	} finally {
		await browser.close();
		http.close();
		await server.stop();
		db.close();
	}
	process.exit(0);
}

const loadAtStart = os.loadavg()[0] ?? 0;
try {
	const machine = await machineInfo(db);
	const data = await dataset();
	console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GB, Node ${machine.node}, DuckDB ${machine.duckdb}`);
	console.log(`Dataset ${data.name}: ${data.households} household rows; period ${period}`);
	// First, on the server as it started: nothing else has asked these keys yet.
	const coldFigures = await coldWarmFigures();
	if (!opts['no-postgres']) {
		cluster = await startPostgresWithData();
		pgVersion = cluster.version;
		pgDb = new PgQueries(cluster.client) as unknown as SnapshotDatabase;
	}

	const queries: QueryFigure[] = [];
	const parts: Breakdown[] = [];
	for (const s of await specs()) {
		const f = await queryFigure(s);
		queries.push(f);
		if (s.kind === 'values' && s.subject === MAIN.id) {
			const region = [...REGENCIES, NATIONAL].find((r) => s.query.startsWith(r.label)) ?? fail(s.query);
			parts.push(await breakdown(region, f, runs[s.scope]));
		}
	}
	await cluster?.stop();
	cluster = null;
	pgDb = null;

	const browser = await launchBrowser();
	let transferFigures: Transfer[] = [];
	const pages: PageLoad[] = [];
	const map: MapFigure[] = [];
	try {
		map.push(...(await mapFigures(browser)));
		transferFigures = await transfer(browser);
		for (const code of ['64.02', 'ID']) {
			const p = await pageLoad(browser, server.url, `/ringkasan/${code}`, cookie, quick ? 5 : 15);
			pages.push(p);
			console.log(`Page ${p.path}: load ${fmt(p.load)} ms, FCP ${fmt(p.first_contentful_paint)} ms`);
		}
	} finally {
		await browser.close();
	}
	const load = await loadFigures();
	const serverMemory = processMemory(serverPid);
	await server.stop();

	const national = quick
		? null
		: {
				build: snapshot.build && { ...snapshot.build, check: atMost(snapshot.build.seconds, TARGETS.national_build_s) },
				households: atLeast(data.households, TARGETS.national_households),
				server_memory: serverMemory
			};
	if (national) console.log(`National: build ${national.build?.seconds.toFixed(0) ?? '?'} s, ${data.households} household rows, server peak RSS ${serverMemory.peak_rss_mb} MiB`);
	const result: BenchResult = {
		date: new Date().toISOString().slice(0, 10),
		mode: quick ? 'quick' : 'full',
		runs,
		machine,
		postgres: pgVersion && `PostgreSQL ${pgVersion} (Debian package), throw-away cluster, fsync off, tuned (${PG_SETTINGS_TEXT}; households partitioned by period; VACUUM ANALYZE)`,
		load_average: [loadAtStart, os.loadavg()[0] ?? 0],
		datasets: [data],
		queries,
		breakdown: parts,
		server_start: server.startup,
		cold_warm: coldFigures,
		crawl: null,
		transfer: transferFigures,
		browser: { pages, map },
		load,
		import: null,
		import_large: null,
		partitioned: [],
		national
	};
	// Saved after each long step, so a run cut short still leaves the figures it has.
	const save = () => {
		result.load_average[1] = os.loadavg()[0] ?? 0;
		const out = path.join(root, 'bench/results', `${result.date}${quick ? '-quick' : ''}.json`);
		fs.mkdirSync(path.dirname(out), { recursive: true });
		fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
		replaceGenerated(path.join(root, 'docs/performance.md'), renderMarkdown(result), quick ? 'bench-demo' : 'bench');
		console.log(`Wrote ${path.relative(root, out)} and docs/performance.md`);
	};
	save();

	result.partitioned = await writePartitioned(snapshot.dir, path.join(root, quick ? 'data/bench-hive-demo' : 'data/bench-national/hive'));
	for (const p of result.partitioned) console.log(`Hive export ${p.table}: ${p.rows} rows, ${p.provinces} provinces, ${p.files} files, ${p.seconds.toFixed(1)} s, read back ${p.identical ? 'identical' : 'DIFFERENT'}`);
	save();

	Object.assign(result, await importFigures());
	save();
} finally {
	http.close();
	await cluster?.stop();
	await server.stop();
	db.close();
}
