import fs from 'node:fs';
import type { ImportBench, LargeImportBench } from '../importer/bench';
import type { PageLoad } from './browser';
import { errorText, memoryCheckpoints, type LoadFigure, type Soak } from './load';
import type { NationalBuild } from './national';
import type { PartitionedTable } from './partition';
import type { Check, Latency, Runs } from './stats';
import type { Machine, ProcessMemory } from './system';

/** The targets from the foundation and benchmark issues; a miss is reported, never fatal. */
export const TARGETS = {
	regency_p95_ms: 10,
	national_p95_ms: 50,
	api_over_direct: 1.5,
	postgres_over_duckdb_aggregates: 10,
	arrow_over_json_bytes: 0.5,
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
	ratio: Check;
	/** In headless Chromium, body already fetched: the map's own `decodeValues` vs `JSON.parse`, both ending in the same row objects. */
	browser_arrow_decode: Latency;
	browser_json_decode: Latency;
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
		'### Queries: API vs DuckDB directly vs PostgreSQL 15 (p50 / p95, ms)',
		'API = the endpoint on the built server (`node build`) over loopback keep-alive HTTP, signed in (`values` as Arrow IPC), asking for gzip as a browser does, until the last byte has arrived; direct = the same query function on a `SnapshotDatabase` in the bench process; PostgreSQL = the same SQL text and bound values on a throw-away PostgreSQL cluster holding the same Parquet-derived tables with indexes. Ratio = API p50 ÷ direct p50; PG ÷ DuckDB = PostgreSQL p50 ÷ direct p50 (target ≥ 10× on the national aggregates, which scan every household row; the other rows read figures the snapshot build already aggregated, where both engines are bound by handing tens of thousands of rows to Node, and are shown for reference). The coverage and allocation endpoints also resolve the programme, read the region totals and (allocation) run the allocation in JS around the coverage SQL that direct and PostgreSQL time.',
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
					['Rows (fresh process)', 'CSV bytes', 'Full import (s)', 'Peak RSS (≤ 4 GiB)', 'Outcome'],
					[[int(large.rows), int(large.csvBytes), large.importSeconds.toFixed(1), `${int(large.peakRssBytes / 2 ** 20)} MiB`, large.outcome]]
				)
			]
		: [];
	if (!i) return out;
	return [
		'### Import (`benchImport` from `src/lib/server/importer/bench.ts`)',
		table(
			['Rows', 'CSV bytes', 'Reference: one DuckDB statement (s)', 'Full import (s)', 'Import ÷ reference (≤ 2×)', 'Outcome', 'Peak RSS'],
			[[int(i.rows), int(i.csvBytes), i.referenceSeconds.toFixed(2), i.importSeconds.toFixed(1), times(i.ratio), i.outcome, `${int(i.peakRssBytes / 2 ** 20)} MiB (${i.peak_rss_note})`]]
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
		...querySection(r),
		...breakdownSection(r),
		...transferSection(r.transfer),
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
