import fs from 'node:fs';
import type { ImportBench, LargeImportBench } from './import';
import { COLD_TARGETS, type ColdWarmFigure, type Crawl } from './coldwarm';
import type { PageLoad } from './browser';
import { errorText, memoryCheckpoints, type LoadFigure, type Soak } from './load';
import type { NationalBuild } from './national';
import type { PartitionedTable } from './partition';
import type { Check, Latency, Runs } from './stats';
import type { Machine, ProcessMemory } from './system';
import type { ServerStartup } from '../tests/e2e/harness';

/** The targets from the foundation and benchmark issues; a miss is reported, never fatal. */
export const TARGETS = {
	regency_p95_ms: 10,
	national_p95_ms: 50,
	api_over_direct: 1.5,
	postgres_over_duckdb_aggregates: 10,
	arrow_over_json_bytes: 0.5,
	arrow_over_json_gzip: 0.6,
	national_build_s: 600,
	national_households: 10_000_000,
	load_p95_ms: 200
} as const;

export interface Dataset {
	name: string;
	snapshot: string;
	villages_with_data: number;
	households: number;
	region_values: number;
}

export type QueryKind = 'values' | 'series' | 'coverage' | 'allocation' | 'aggregate';

export interface QueryFigure {
	kind: QueryKind;
	query: string;
	scope: 'regency' | 'national';
	/** Indicator id, programme code, or what the aggregate counts. */
	subject: string;
	rows: number;
	/** Through the built server (`values`: Arrow IPC, the browser's format); null where there is no endpoint. */
	api: Latency | null;
	/** The same SQL on a SnapshotDatabase in this process. */
	direct: Latency;
	/** The same SQL text and bound values on PostgreSQL with indexes; null when PostgreSQL was not run. */
	postgres: Latency | null;
	/** API p95 (direct p95 where there is no endpoint) against the scope's target. */
	p95: Check;
	/** API p50 ÷ direct p50. */
	ratio: Check | null;
	/** PostgreSQL p50 ÷ DuckDB direct p50; held to ≥ 10× on the national figures. */
	postgres_ratio: Check | null;
}

/** One query on DuckDB and on tuned PostgreSQL, same SQL text and bound values (the engine run). */
export interface EngineFigure {
	kind: QueryKind;
	query: string;
	scope: 'regency' | 'national';
	subject: string;
	rows: number;
	duckdb: Latency;
	postgres: Latency;
}

export interface PostgresReference {
	version: string;
	/** The `-c` settings the cluster ran with. */
	settings: Record<string, string>;
	/** Parquet → CSV → COPY, indexes, VACUUM ANALYZE. */
	load_seconds: number;
	/** Sorts and hashes that spilled to disk during the timed queries (0: work_mem was enough). */
	temp_files: number;
	temp_bytes: number;
	figures: EngineFigure[];
}

/** Where the time of one API request goes, each part measured on its own (p50, ms). */
export interface Breakdown {
	query: string;
	indicator: string;
	direct_sql: number;
	service: number;
	arrow_encode: number;
	json_encode: number;
	api_arrow: number;
	api_json: number;
}

export interface Transfer {
	indicator: string;
	/** False for `names=0`: codes and values only, as the map asks after the first view. */
	names: boolean;
	rows: number;
	arrow_bytes: number;
	json_bytes: number;
	arrow_gzip_bytes: number;
	json_gzip_bytes: number;
	/** What the server sent to a client taking gzip (its own gzip, made once per answer). */
	arrow_wire_bytes?: number;
	json_wire_bytes?: number;
	ratio: Check;
	/** Arrow wire bytes ÷ JSON wire bytes, both gzip. */
	gzip_ratio?: Check;
	/** In headless Chromium, body already fetched: the map's own `decodeValues` vs `JSON.parse`, both ending in the same row objects; null when not run. */
	browser_arrow_decode: Latency | null;
	browser_json_decode: Latency | null;
}

/** One browser figure from the maps work (first paint, recolour, …), filled by its own module. */
export interface MapFigure {
	figure: string;
	latency: Latency;
}

export interface BenchResult {
	date: string;
	mode: 'full' | 'quick';
	runs: { regency: Runs; national: Runs };
	machine: Machine;
	postgres: string | null;
	/** 1-minute load average at the start and the end: other work on the machine skews the figures. */
	load_average: [number, number];
	datasets: Dataset[];
	queries: QueryFigure[];
	breakdown: Breakdown[];
	/** Cold and warm answers with the engine's time beside them (coldwarm.ts); absent in runs before it. */
	cold_warm?: ColdWarmFigure[];
	/** The server's start before the cold answers; absent in runs before it. */
	server_start?: ServerStartup | null;
	crawl?: Crawl | null;
	/** One per bench indicator: a count, a share and a coverage ratio. */
	transfer: Transfer[];
	browser: { pages: PageLoad[]; map: MapFigure[] };
	load: { mixes: Record<string, string[]>; runs: (LoadFigure & { mix: string; p95: Check | null })[]; soak: Soak | null };
	import: (ImportBench & { peak_rss_note: string }) | null;
	/** Absent in results written before it existed. */
	import_large?: LargeImportBench | null;
	partitioned: PartitionedTable[];
	national: {
		build: (NationalBuild & { check: Check }) | null;
		households: Check;
		server_memory: ProcessMemory;
	} | null;
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const check = (c: Check, fmt: (x: number) => string, op = '≤') => `${fmt(c.value)} (${op} ${fmt(c.limit)}) ${c.verdict}`;
const times = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)}×`;
const lat = (l: Latency | null) => (l ? `${ms(l.p50)} / ${ms(l.p95)}` : '–');

function table(head: string[], rows: string[][]): string {
	return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function querySection(r: BenchResult): string[] {
	return [
		'### Queries: API vs DuckDB directly vs PostgreSQL (p50 / p95, ms)',
		'API = the endpoint on the built server (`node build`) over loopback keep-alive HTTP, signed in (`values` as Arrow IPC), asking for gzip as a browser does, until the last byte has arrived; direct = the same query function on a `SnapshotDatabase` in the bench process; PostgreSQL = the same SQL text and bound values on a throw-away PostgreSQL cluster holding the same Parquet-derived tables with indexes (tuned as in the machine table since 2026-12-07; untuned before). Ratio = API p50 ÷ direct p50; PG ÷ DuckDB = PostgreSQL p50 ÷ direct p50 (target ≥ 10× on the national aggregates, which scan every household row; the other rows read figures the snapshot build already aggregated, where both engines are bound by handing tens of thousands of rows to Node, and are shown for reference). The coverage and allocation endpoints also resolve the programme, read the region totals and (allocation) run the allocation in JS around the coverage SQL that direct and PostgreSQL time.',
		table(
			['Kind', 'Query', 'Subject', 'Rows', 'API', 'Direct DuckDB', 'PostgreSQL', 'p95 vs target', 'API ÷ direct', 'PG ÷ DuckDB'],
			r.queries.map((q) => [
				q.kind,
				q.query,
				`\`${q.subject}\``,
				int(q.rows),
				lat(q.api),
				lat(q.direct),
				lat(q.postgres),
				check(q.p95, ms),
				q.ratio ? check(q.ratio, times) : '–',
				q.postgres_ratio ? (q.kind === 'aggregate' ? check(q.postgres_ratio, times, '≥') : times(q.postgres_ratio.value)) : '–'
			])
		)
	];
}

function breakdownSection(r: BenchResult): string[] {
	if (r.breakdown.length === 0) return [];
	return [
		'### Where a `values` request spends its time (p50, ms)',
		"Service = the endpoint's work without HTTP (region lookup, period check, values query); encode = turning its rows into the response body.",
		table(
			['Query', 'Indicator', 'Values SQL', 'Service', 'Arrow encode', 'JSON encode', 'API Arrow', 'API JSON'],
			r.breakdown.map((b) => [b.query, `\`${b.indicator}\``, ms(b.direct_sql), ms(b.service), ms(b.arrow_encode), ms(b.json_encode), ms(b.api_arrow), ms(b.api_json)])
		)
	];
}

function coldWarmSection(figures: ColdWarmFigure[] | undefined, start: ServerStartup | null | undefined): string[] {
	if (!figures?.length) return [];
	return [
		'### Cold and warm answers, engine beside them (p50 / p95, ms)',
		...(start
			? [
					`Server start: the built server answered ${(start.ready_ms / 1000).toFixed(1)} s after it was started (it checks the snapshot's files before it listens); that first answer (\`${start.first_request_path}\`) took ${ms(start.first_request_ms)} ms. The cold keys below follow it.`
				]
			: []),
		`Cold = the built server just started, each key asked once, one at a time (a key: indicator × period × with or without names for \`values\`, one programme for the workbench; the level's codes and names, the rows' spans and the programme lists are read when the snapshot opens, before the server answers; the allocation keys ask for the programmes the coverage keys asked for just before, and the server keeps a region's coverage rows for the snapshot, so they read those rows from memory); warm = the same keys asked three more times, from the memo; engine = the main query each cold answer ran, same bound values, on DuckDB in the bench process, rows counted, not read (for a regency, the read of its rows' span, spans.ts; for the country, the whole-level query). CPU = milliseconds of CPU the server process used for a cold answer and DuckDB used for an engine run, all threads (from /proc schedstat): the work itself, which other load on the two cores does not stretch the way it stretches wall time. Targets: regency cold p95 ≤ ${COLD_TARGETS.regency_ms} ms, national values cold p95 ≤ ${COLD_TARGETS.national_values_ms} ms and ≤ ${COLD_TARGETS.over_engine}× the engine's p95, national coverage and allocation cold p95 ≤ ${COLD_TARGETS.national_workbench_ms} ms.`,
		table(
			['Kind', 'Query', 'Subject', 'Rows', 'Keys', 'Cold', 'Warm', 'Engine (main query)', 'Cold p95 vs target', 'Cold ÷ engine (p95)', 'CPU cold / engine (p50, ms)'],
			figures.map((f) => [
				f.kind,
				f.query,
				f.kind === 'values' ? `\`${f.subject}\`` : f.subject,
				int(f.rows),
				String(f.keys),
				lat(f.cold),
				lat(f.warm),
				lat(f.engine),
				check(f.cold_p95, ms),
				f.over_engine ? check(f.over_engine, times) : times(f.cold.p95 / f.engine.p95),
				f.cold_cpu ? `${ms(f.cold_cpu.p50)} / ${ms(f.engine_cpu.p50)}` : '–'
			])
		)
	];
}

function crawlSection(c: Crawl | null | undefined): string[] {
	if (!c) return [];
	return [
		'### Memo under a crawl of national keys',
		table(
			['Keys asked once', 'Seconds', 'Answers received (MiB)', 'Memo budget (TEPAT_MEMO_MB)', 'Server RSS start → max → end (MiB)', 'JS heap max (MiB)', 'External max (MiB)'],
			[[int(c.keys), c.seconds.toFixed(0), int(c.answers_mb), `${c.budget_mb} MiB`, `${int(c.rss_start_mb)} → ${int(c.rss_max_mb)} → ${int(c.rss_end_mb)}`, c.heap_max_mb === null ? '–' : int(c.heap_max_mb), c.external_max_mb === null ? '–' : int(c.external_max_mb)]]
		),
		'Every register indicator × period × with and without names × Arrow and JSON, for all villages of the country, each asked once; RSS from /proc after each answer, heap and external from the server\'s own `process.memoryUsage()` (written once a second).'
	];
}

function gzipSection(transfers: Transfer[]): string[] {
	const measured = transfers.filter((t) => t.gzip_ratio);
	if (!measured.length) return [];
	return [
		'### Arrow vs JSON as sent gzip-compressed (national village values)',
		table(
			['Indicator', 'Columns', 'Arrow (B)', 'JSON (B)', 'Arrow gzip as sent (B)', 'JSON gzip as sent (B)', 'Gzip Arrow ÷ JSON'],
			measured.map((t) => [`\`${t.indicator}\``, t.names ? 'code, name, value' : 'code, value (`names=0`)', int(t.arrow_bytes), int(t.json_bytes), int(t.arrow_wire_bytes ?? 0), int(t.json_wire_bytes ?? 0), check(t.gzip_ratio!, times)])
		)
	];
}

/** Which engine answered faster, by p50; within 10 % either way is a draw. */
function faster(duckdb: number, postgres: number): string {
	const r = postgres / duckdb;
	if (r > 1.1) return `DuckDB, ${times(r)}`;
	if (r < 1 / 1.1) return `PostgreSQL, ${times(1 / r)}`;
	return 'even';
}

function postgresSection(p: PostgresReference | null | undefined): string[] {
	if (!p) return [];
	const wins = p.figures.filter((f) => f.postgres.p50 > 1.1 * f.duckdb.p50).length;
	const losses = p.figures.filter((f) => f.duckdb.p50 > 1.1 * f.postgres.p50).length;
	return [
		`### DuckDB vs PostgreSQL ${p.version} tuned (p50 / p95, ms)`,
		`The app's own query functions on DuckDB in the bench process and on a throw-away PostgreSQL cluster holding the same tables, set up as its users would: ${Object.entries(p.settings).map(([k, v]) => `\`${k}=${v}\``).join(', ')}; fsync off; the indexes a PostgreSQL dashboard would add, households partitioned by period (a query for one period reads only that partition), \`VACUUM ANALYZE\` after the load (${p.load_seconds.toFixed(0)} s in all). Both get the same SQL text and bound values, except a regency's coverage and allocation, which DuckDB reads from its rows' span (spans.ts) and PostgreSQL with the whole-table query its indexes answer. Sorts and hashes spilled to disk during the timed queries: ${int(p.temp_files)} files, ${int(p.temp_bytes)} bytes. DuckDB faster on ${wins} of ${p.figures.length} queries, PostgreSQL on ${losses}, the rest within 10 %.`,
		table(
			['Kind', 'Query', 'Subject', 'Rows', 'DuckDB', 'PostgreSQL', 'PG ÷ DuckDB (p50)', 'Faster (p50)'],
			p.figures.map((f) => [f.kind, f.query, `\`${f.subject}\``, int(f.rows), lat(f.duckdb), lat(f.postgres), times(f.postgres.p50 / f.duckdb.p50), faster(f.duckdb.p50, f.postgres.p50)])
		)
	];
}

/** The generated `bench-engine` block: `npm run bench -- --only engine`. */
export function renderEngine(r: {
	date: string;
	machine: Machine;
	load_average: [number, number];
	datasets: Dataset[];
	server_start?: ServerStartup | null;
	cold_warm: ColdWarmFigure[];
	transfer: Transfer[];
	crawl: Crawl;
	postgres?: PostgresReference | null;
}): string {
	const m = r.machine;
	const d = r.datasets[0];
	return [
		`Run ${r.date} (\`npm run bench -- --only engine\`) on ${d ? `${d.name}, snapshot \`${d.snapshot}\` (${int(d.households)} household rows)` : 'the snapshot'}; ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.duckdb}; 1-minute load average ${r.load_average[0].toFixed(1)} at the start, ${r.load_average[1].toFixed(1)} at the end. Raw figures: \`bench/results/${r.date}-engine.json\`.`,
		...coldWarmSection(r.cold_warm, r.server_start),
		...gzipSection(r.transfer),
		...crawlSection(r.crawl),
		...postgresSection(r.postgres)
	].join('\n\n');
}

function transferSection(transfers: Transfer[]): string[] {
	if (transfers.length === 0) return [];
	const rows = transfers[0]?.rows ?? 0;
	return [
		`### Transfer: national village values (${int(rows)} rows)`,
		table(
			['Indicator', 'Columns', 'Arrow IPC bytes', 'JSON bytes', 'Arrow ÷ JSON', 'Gzip Arrow / JSON', 'Decode Arrow p50 / p95 (ms)', 'Decode JSON p50 / p95 (ms)'],
			transfers.map((t) => [
				`\`${t.indicator}\``,
				t.names ? 'code, name, value' : 'code, value (`names=0`)',
				int(t.arrow_bytes),
				int(t.json_bytes),
				check(t.ratio, times),
				`${int(t.arrow_gzip_bytes)} / ${int(t.json_gzip_bytes)}`,
				lat(t.browser_arrow_decode),
				lat(t.browser_json_decode)
			])
		),
		'Arrow columns: the region code as its Int64 digits, the name as text, the value as Int32 when every value is a whole number (counts) and Float64 otherwise. Decode = the map’s own `decodeValues` (bundled for the page by Vite) down to `{code, name, value}` rows with dotted codes and nulls, vs `JSON.parse` of the body, body already downloaded. A first view asks with names; after an indicator or period change the map asks with `names=0` and keeps the names it has. Gzip = what goes over the wire when the browser takes gzip.'
	];
}

function browserSection(b: BenchResult['browser']): string[] {
	const out = [
		'### Browser (headless Chromium, p50 / p95, ms)',
		table(
			['Page', 'Load event', 'First contentful paint', 'DOMContentLoaded'],
			b.pages.map((p) => [`\`${p.path}\``, lat(p.load), lat(p.first_contentful_paint), lat(p.dom_content_loaded)])
		)
	];
	if (b.map.length) out.push(table(['Map figure', 'p50 / p95 (ms)'], b.map.map((m) => [m.figure, lat(m.latency)])));
	else out.push('Map first paint and recolour: not measured in this run (the map bench module was not wired in).');
	return out;
}

function loadSection(l: BenchResult['load']): string[] {
	if (l.runs.length === 0) return [];
	const out = [
		'### Load: autocannon on loopback, public endpoints',
		`Each mix cycles its paths: ${Object.entries(l.mixes).map(([mix, paths]) => `${mix}: ${paths.map((p) => `\`${p}\``).join(', ')}`).join('; ')}. autocannon runs in the bench process on the same 2 cores as the server.`,
		table(
			['Mix', 'Connections', 'Seconds', 'Requests', 'Req/s', 'p50 (ms)', 'p95 (ms) vs target', 'p99 (ms)', 'Errors'],
			l.runs.map((x) => [x.mix, String(x.connections), String(x.seconds), int(x.requests), int(x.requests_per_s), x.latency ? ms(x.latency.p50) : '–', x.p95 ? check(x.p95, ms) : 'no response MISS', x.latency ? ms(x.latency.p99) : '–', errorText(x)])
		)
	];
	const s = l.soak;
	if (s) {
		out.push(
			`Soak, both mixes: ${s.load.connections} connections for ${s.load.seconds} s, ${int(s.load.requests)} requests (${int(s.load.requests_per_s)} req/s), p95 ${s.load.latency ? ms(s.load.latency.p95) : '–'} ms, errors ${errorText(s.load)}. Server RSS sampled every second: start ${int(s.rss_start_mb)} MiB, max ${int(s.rss_max_mb)} MiB, end ${int(s.rss_end_mb)} MiB; last fifth minus second fifth ${s.growth_mb.toFixed(1)} MiB (JS heap in use ${s.heap_growth_mb === null ? '–' : s.heap_growth_mb.toFixed(1)} MiB). The server's memory at ten points of the soak (heap and external from its own \`process.memoryUsage()\`):`,
			table(
				['Second', 'RSS (MiB)', 'JS heap used (MiB)', 'JS heap total (MiB)', 'External (MiB)', 'ArrayBuffers (MiB)'],
				memoryCheckpoints(s, 10).map((m) => [m.second, m.rss_mb, m.heap_used_mb, m.heap_total_mb, m.external_mb, m.array_buffers_mb].map((x) => (x === null ? '–' : int(x))))
			)
		);
	}
	return out;
}

function importSection(i: BenchResult['import'], large: LargeImportBench | null | undefined): string[] {
	const out = large
		? [
				table(
					['Rows (fresh process)', 'CSV bytes', 'Import until served (s)', 'Answers written ahead after it (s)', 'Peak RSS (≤ 4 GiB)', 'Outcome'],
					[[int(large.rows), int(large.csvBytes), large.importSeconds.toFixed(1), (large.stages.answers ?? 0).toFixed(1), `${int(large.peakRssBytes / 2 ** 20)} MiB`, large.outcome]]
				)
			]
		: [];
	if (!i) return out;
	return [
		'### Import (`benchImport` from `bench/import.ts`)',
		table(
			['Rows', 'CSV bytes', 'Reference: one DuckDB statement (s)', 'Import until served (s)', 'Import ÷ reference (≤ 2×)', 'Reference writing the households order (s)', 'Import ÷ it', 'Answers written ahead after it (s)', 'Outcome', 'Peak RSS'],
			[
				[
					int(i.rows),
					int(i.csvBytes),
					i.referenceSeconds.toFixed(2),
					i.importSeconds.toFixed(1),
					times(i.ratio),
					i.sortedReferenceSeconds?.toFixed(2) ?? '–',
					i.sortedRatio ? times(i.sortedRatio) : '–',
					(i.answersSeconds ?? 0).toFixed(1),
					i.outcome,
					`${int(i.peakRssBytes / 2 ** 20)} MiB (${i.peak_rss_note})`
				]
			]
		),
		`Stages (s): ${Object.entries(i.stages).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}.`,
		...out
	];
}

function partitionSection(p: PartitionedTable[]): string[] {
	if (p.length === 0) return [];
	return [
		'### Hive-partitioned export (by province)',
		table(
			['Table', 'Rows', 'Provinces', 'Files', 'Write (s)', 'Read back identical'],
			p.map((t) => [t.table, int(t.rows), String(t.provinces), String(t.files), t.seconds.toFixed(1), t.identical ? 'yes' : 'NO'])
		)
	];
}

function nationalSection(n: BenchResult['national']): string[] {
	if (!n) return [];
	const build = n.build
		? `${check(n.build.check, (s) => `${s.toFixed(0)} s`)}${n.build.reused ? ` (recorded when the snapshot was built, ${n.build.built_at})` : ''}`
		: 'not recorded (snapshot built outside the bench)';
	return [
		'### National dataset',
		table(
			['Figure', 'Value'],
			[
				['Build time (`npm run data:demo -- --scope national`)', build],
				['Household rows', check(n.households, int, '≥')],
				['Server peak RSS while serving it (VmHWM, after queries, load and soak)', `${int(n.server_memory.peak_rss_mb)} MiB`],
				['Server RSS at the end of the run', `${int(n.server_memory.rss_mb)} MiB`]
			]
		)
	];
}

/** The generated part of docs/performance.md: every figure comes from one bench run. */
export function renderMarkdown(r: BenchResult): string {
	const m = r.machine;
	return [
		`Run ${r.date} (\`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\`): regency figures ${r.runs.regency.warmup} warm-up + ${r.runs.regency.iterations} timed requests, national ${r.runs.national.warmup} + ${r.runs.national.iterations}, one at a time; 1-minute load average ${r.load_average[0].toFixed(1)} at the start, ${r.load_average[1].toFixed(1)} at the end. Raw figures: \`bench/results/${r.date}${r.mode === 'quick' ? '-quick' : ''}.json\`.`,
		'### Machine',
		table(
			['CPU', 'Cores', 'Memory', 'OS', 'Node', 'DuckDB', '@duckdb/node-api', 'PostgreSQL'],
			[[m.cpu, String(m.cores), `${m.memory_gb} GB`, m.os, m.node, m.duckdb, m.duckdb_node_api, r.postgres ?? 'not run']]
		),
		'### Datasets',
		table(
			['Dataset', 'Snapshot', 'Villages with data', 'Household rows', 'region_values rows'],
			r.datasets.map((d) => [d.name, `\`${d.snapshot}\``, int(d.villages_with_data), int(d.households), int(d.region_values)])
		),
		...coldWarmSection(r.cold_warm, r.server_start),
		...querySection(r),
		...breakdownSection(r),
		...transferSection(r.transfer),
		...gzipSection(r.transfer),
		...crawlSection(r.crawl),
		...browserSection(r.browser),
		...loadSection(r.load),
		...importSection(r.import, r.import_large),
		...partitionSection(r.partitioned),
		...nationalSection(r.national)
	].join('\n\n');
}

/**
 * Replaces the generated block `<!-- <marker>:start -->` … `<!-- <marker>:end -->` of a Markdown
 * file, keeping the hand-written text around it.
 */
export function replaceGenerated(file: string, generated: string, marker = 'bench'): void {
	const start = `<!-- ${marker}:start -->`;
	const end = `<!-- ${marker}:end -->`;
	const doc = fs.readFileSync(file, 'utf8');
	const a = doc.indexOf(start);
	const b = doc.indexOf(end);
	if (a < 0 || b < a) throw new Error(`${file} has no ${start} … ${end} block`);
	fs.writeFileSync(file, `${doc.slice(0, a + start.length)}\n${generated}\n${doc.slice(b)}`);
}
