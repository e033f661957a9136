/**
 * `npm run bench`: `values` queries through the built server vs the same SQL straight on DuckDB,
 * Arrow vs JSON transfer, national build time and server memory. Writes bench/results/<date>.json
 * and the generated block of docs/performance.md.
 *
 *   --quick          regency queries only, fewer iterations, on data/current; docs left as they are
 *   --skip-build     reuse build/ instead of running `npx vite build`
 *   --rebuild-data   regenerate the national snapshot even if data/bench-national has one
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { startServer } from '../tests/e2e/harness';
import type { Level } from '../src/lib/indicators';
import { SnapshotDatabase } from '../src/lib/server/db';
import { toArrow, type Column } from '../src/lib/server/api/serialise';
import { findIndicator, type CatalogueEntry } from '../src/lib/server/indicators/catalogue';
import { indicatorValues } from '../src/lib/server/indicators/query';
import { getValues } from '../src/lib/server/indicators/service';
import { currentSnapshot } from '../src/lib/server/snapshot/store';
import { HttpClient } from '../src/lib/server/bench/http';
import { nationalSnapshot } from '../src/lib/server/bench/national';
import { TARGETS, renderMarkdown, replaceGenerated, type BenchResult, type Breakdown, type Dataset, type QueryFigure, type Transfer } from '../src/lib/server/bench/report';
import { atLeast, atMost, measure, type Runs } from '../src/lib/server/bench/stats';
import { childPid, machineInfo, processMemory, runCommand } from '../src/lib/server/bench/system';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		'rebuild-data': { type: 'boolean', default: false }
	}
});
const quick = opts.quick;
const runs: Runs = quick ? { warmup: 10, iterations: 50 } : { warmup: 20, iterations: 200 };
const INDICATORS = ['extreme_poor_hh', 'stunted_share_eppgbm', 'extreme_poor_coverage'].map((id) => {
	const e = findIndicator(id);
	if (!e) throw new Error(`indicator ${id} is not in the catalogue`);
	return e;
});
const QUERIES: { label: string; scope: 'regency' | 'national'; region: string; level: Level }[] = [
	{ label: 'Kutai Kartanegara (64.02) villages', scope: 'regency', region: '64.02', level: 'village' },
	{ label: 'Kotabaru (63.02) villages', scope: 'regency', region: '63.02', level: 'village' },
	...(quick ? [] : [{ label: 'All villages (ID)', scope: 'national' as const, region: 'ID', level: 'village' as const }])
];
const VALUE_COLUMNS: Column[] = [
	{ name: 'code', type: 'string' },
	{ name: 'name', type: 'string' },
	{ name: 'value', type: 'number' }
];

if (!opts['skip-build']) {
	console.log('Building the app (npx vite build) …');
	await runCommand('npx', ['vite', 'build'], { cwd: root, quiet: true });
}

const dataDir = path.join(root, quick ? 'data' : 'data/bench-national');
const snapshot = quick
	? { ...(currentSnapshot(dataDir) ?? fail('no published snapshot in data/: run `npm run data:demo` first')), build: null }
	: await nationalSnapshot(root, dataDir, opts['rebuild-data']);
const period = snapshot.manifest.periods.at(-1) ?? fail('the snapshot has no periods');

const db = await SnapshotDatabase.open(snapshot.dir);
const server = await startServer({ dataDir, timeoutMs: 120_000 });
const serverPid = childPid(['build']);
const http = new HttpClient(server.url);

function fail(message: string): never {
	throw new Error(message);
}

function valuesPath(e: CatalogueEntry, region: string, level: Level, format: 'arrow' | 'json'): string {
	const q = new URLSearchParams({ indicator: e.id, region, level, period: String(period), format });
	return `/api/v1/values?${q}`;
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

const fmt = (x: number) => x.toFixed(2).padStart(8);

async function queryFigure(q: (typeof QUERIES)[number], e: CatalogueEntry): Promise<QueryFigure> {
	const direct = () => indicatorValues(db, e, q.region, q.level, period);
	const arrowPath = valuesPath(e, q.region, q.level, 'arrow');
	const jsonPath = valuesPath(e, q.region, q.level, 'json');
	const rows = (await direct()).length;
	const apiRows = tableFromIPC(await http.get(arrowPath)).numRows;
	if (apiRows !== rows) throw new Error(`${arrowPath} gave ${apiRows} rows, the direct query ${rows}`);
	const api = await measure(() => http.get(arrowPath), runs);
	const apiJson = await measure(() => http.get(jsonPath), runs);
	const directLatency = await measure(direct, runs);
	const limit = q.scope === 'regency' ? TARGETS.regency_p95_ms : TARGETS.national_p95_ms;
	const f: QueryFigure = {
		query: q.label,
		scope: q.scope,
		indicator: e.id,
		rows,
		api,
		api_json: apiJson,
		direct: directLatency,
		ratio: atMost(api.p50 / directLatency.p50, TARGETS.api_over_direct),
		ratio_p95: api.p95 / directLatency.p95,
		p95: atMost(api.p95, limit)
	};
	console.log(
		`${q.label.padEnd(36)} ${e.id.padEnd(22)} ${String(rows).padStart(6)} rows  API p50 ${fmt(api.p50)} p95 ${fmt(api.p95)} ms` +
			`  direct p50 ${fmt(directLatency.p50)} p95 ${fmt(directLatency.p95)} ms  p95 ${f.p95.verdict} (≤ ${limit})` +
			`  ratio ${f.ratio.value.toFixed(2)}× ${f.ratio.verdict}`
	);
	return f;
}

async function breakdown(q: (typeof QUERIES)[number], e: CatalogueEntry, f: QueryFigure): Promise<Breakdown> {
	const result = await getValues(db, e, q.region, q.level, period);
	const rows = result.rows as unknown as Record<string, unknown>[];
	const service = await measure(() => getValues(db, e, q.region, q.level, period), runs);
	const arrow = await measure(async () => toArrow(rows, VALUE_COLUMNS, { indicator: e.id }), runs);
	const json = await measure(async () => JSON.stringify(result), runs);
	return {
		query: q.label,
		indicator: e.id,
		direct_sql: f.direct.p50,
		service: service.p50,
		arrow_encode: arrow.p50,
		json_encode: json.p50,
		api_arrow: f.api.p50,
		api_json: f.api_json.p50
	};
}

async function transfer(e: CatalogueEntry): Promise<Transfer> {
	const arrow = await http.get(valuesPath(e, 'ID', 'village', 'arrow'));
	const json = await http.get(valuesPath(e, 'ID', 'village', 'json'));
	const decodeRuns = { warmup: 5, iterations: 50 };
	const arrowDecode = await measure(async () => {
		const t = tableFromIPC(arrow);
		return [t.getChild('code')?.toArray(), t.getChild('value')?.toArray()];
	}, decodeRuns);
	const jsonDecode = await measure(async () => JSON.parse(json.toString('utf8')) as unknown, decodeRuns);
	const t: Transfer = {
		indicator: e.id,
		rows: tableFromIPC(arrow).numRows,
		arrow_bytes: arrow.byteLength,
		json_bytes: json.byteLength,
		arrow_gzip_bytes: gzipSync(arrow).byteLength,
		json_gzip_bytes: gzipSync(json).byteLength,
		ratio: atMost(arrow.byteLength / json.byteLength, TARGETS.arrow_over_json_bytes),
		arrow_decode: arrowDecode,
		json_decode: jsonDecode
	};
	console.log(
		`Transfer (${e.id}, ${t.rows} villages): Arrow ${t.arrow_bytes} B, JSON ${t.json_bytes} B, ratio ${t.ratio.value.toFixed(2)}× ${t.ratio.verdict} (≤ 0.5);` +
			` decode Arrow p50 ${t.arrow_decode.p50.toFixed(2)} ms, JSON p50 ${t.json_decode.p50.toFixed(2)} ms`
	);
	return t;
}

function national(households: number): NonNullable<BenchResult['national']> {
	const memory = processMemory(serverPid);
	const build = snapshot.build;
	const n = {
		build: build && { ...build, check: atMost(build.seconds, TARGETS.national_build_s) },
		households: atLeast(households, TARGETS.national_households),
		server_memory: memory
	};
	console.log(
		`National build: ${n.build ? `${n.build.seconds.toFixed(0)} s${n.build.reused ? ' (recorded, snapshot reused)' : ''} ${n.build.check.verdict} (≤ ${TARGETS.national_build_s} s)` : 'not recorded'};` +
			` household rows ${households} ${n.households.verdict} (≥ ${TARGETS.national_households});` +
			` server peak RSS ${memory.peak_rss_mb} MiB, now ${memory.rss_mb} MiB`
	);
	return n;
}

const loadAtStart = os.loadavg()[0] ?? 0;
try {
	const machine = await machineInfo(db);
	console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GB, Node ${machine.node}, DuckDB ${machine.duckdb}`);
	const data = await dataset();
	console.log(`Dataset ${data.name}: ${data.households} household rows; period ${period}; ${runs.iterations} iterations after ${runs.warmup} warm-up`);

	const queries: QueryFigure[] = [];
	const parts: Breakdown[] = [];
	for (const q of QUERIES) {
		for (const e of INDICATORS) {
			const f = await queryFigure(q, e);
			queries.push(f);
			if (e === INDICATORS[0]) parts.push(await breakdown(q, e, f));
		}
	}
	for (const b of parts) {
		console.log(
			`API path, ${b.query}: values SQL ${b.direct_sql.toFixed(2)} ms, service ${b.service.toFixed(2)} ms, Arrow encode ${b.arrow_encode.toFixed(2)} ms,` +
				` JSON encode ${b.json_encode.toFixed(2)} ms → API Arrow ${b.api_arrow.toFixed(2)} ms, API JSON ${b.api_json.toFixed(2)} ms`
		);
	}
	const transferFigure = quick ? null : await transfer(INDICATORS[0] as CatalogueEntry);
	const result: BenchResult = {
		date: new Date().toISOString().slice(0, 10),
		mode: quick ? 'quick' : 'full',
		runs,
		machine,
		load_average: [loadAtStart, os.loadavg()[0] ?? 0],
		datasets: [data],
		queries,
		breakdown: parts,
		transfer: transferFigure,
		national: quick ? null : national(data.households)
	};

	const out = path.join(root, 'bench/results', `${result.date}${quick ? '-quick' : ''}.json`);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
	console.log(`Wrote ${path.relative(root, out)}`);
	if (!quick) {
		replaceGenerated(path.join(root, 'docs/performance.md'), renderMarkdown(result));
		console.log('Updated docs/performance.md');
	}
} finally {
	http.close();
	await server.stop();
	db.close();
}
