import fs from 'node:fs';
import type { NationalBuild } from './national';
import type { Check, Latency, Runs } from './stats';
import type { Machine, ProcessMemory } from './system';

/** The targets from the foundation and benchmark issues; a miss is reported, never fatal. */
export const TARGETS = {
	regency_p95_ms: 10,
	national_p95_ms: 50,
	api_over_direct: 1.5,
	arrow_over_json_bytes: 0.5,
	national_build_s: 600,
	national_households: 10_000_000
} as const;

export interface Dataset {
	name: string;
	snapshot: string;
	villages_with_data: number;
	households: number;
	region_values: number;
}

export interface QueryFigure {
	query: string;
	scope: 'regency' | 'national';
	indicator: string;
	rows: number;
	/** Through the built server, Arrow IPC (the browser's format). */
	api: Latency;
	api_json: Latency;
	/** The catalogue's SQL on a SnapshotDatabase in this process. */
	direct: Latency;
	/** API p50 ÷ direct p50: the overhead the target is stated on. */
	ratio: Check;
	ratio_p95: number;
	p95: Check;
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
	rows: number;
	arrow_bytes: number;
	json_bytes: number;
	arrow_gzip_bytes: number;
	json_gzip_bytes: number;
	ratio: Check;
	arrow_decode: Latency;
	json_decode: Latency;
}

export interface BenchResult {
	date: string;
	mode: 'full' | 'quick';
	runs: Runs;
	machine: Machine;
	/** 1-minute load average at the start and the end: other work on the machine skews the figures. */
	load_average: [number, number];
	datasets: Dataset[];
	queries: QueryFigure[];
	breakdown: Breakdown[];
	transfer: Transfer | null;
	national: {
		build: (NationalBuild & { check: Check }) | null;
		households: Check;
		server_memory: ProcessMemory;
	} | null;
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const check = (c: Check, fmt: (x: number) => string, op = '≤') => `${fmt(c.value)} (${op} ${fmt(c.limit)}) ${c.verdict}`;
const times = (x: number) => `${x.toFixed(2)}×`;

function table(head: string[], rows: string[][]): string {
	return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The generated part of docs/performance.md: every figure comes from one bench run. */
export function renderMarkdown(r: BenchResult): string {
	const m = r.machine;
	const parts = [
		`Run ${r.date} (\`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\`), ${r.runs.warmup} warm-up + ${r.runs.iterations} timed requests per figure, one at a time; 1-minute load average ${r.load_average[0].toFixed(1)} at the start, ${r.load_average[1].toFixed(1)} at the end. Raw figures: \`bench/results/${r.date}${r.mode === 'quick' ? '-quick' : ''}.json\`.`,
		'### Machine',
		table(
			['CPU', 'Cores', 'Memory', 'OS', 'Node', 'DuckDB', '@duckdb/node-api'],
			[[m.cpu, String(m.cores), `${m.memory_gb} GB`, m.os, m.node, m.duckdb, m.duckdb_node_api]]
		),
		'### Datasets',
		table(
			['Dataset', 'Snapshot', 'Villages with data', 'Household rows', 'region_values rows'],
			r.datasets.map((d) => [d.name, `\`${d.snapshot}\``, int(d.villages_with_data), int(d.households), int(d.region_values)])
		),
		'### `values` queries: API vs DuckDB directly (ms)',
		'API = `GET /api/v1/values?…&level=village&format=arrow` on the built server (`node build`) over loopback keep-alive HTTP; direct = the same catalogue SQL on a `SnapshotDatabase` in the bench process. Ratio = API p50 ÷ direct p50.',
		table(
			['Query', 'Indicator', 'Rows', 'API p50', 'API p95', 'API JSON p50 / p95', 'Direct p50', 'Direct p95', 'p95 vs target', 'Ratio (p50) vs target', 'Ratio (p95)'],
			r.queries.map((q) => [
				q.query,
				`\`${q.indicator}\``,
				int(q.rows),
				ms(q.api.p50),
				ms(q.api.p95),
				`${ms(q.api_json.p50)} / ${ms(q.api_json.p95)}`,
				ms(q.direct.p50),
				ms(q.direct.p95),
				check(q.p95, ms),
				check(q.ratio, times),
				times(q.ratio_p95)
			])
		),
		'### Where an API request spends its time (p50, ms)',
		'Service = the endpoint\'s work without HTTP (region lookup, period check, values query); encode = turning its rows into the response body.',
		table(
			['Query', 'Indicator', 'Values SQL', 'Service', 'Arrow encode', 'JSON encode', 'API Arrow', 'API JSON'],
			r.breakdown.map((b) => [
				b.query,
				`\`${b.indicator}\``,
				ms(b.direct_sql),
				ms(b.service),
				ms(b.arrow_encode),
				ms(b.json_encode),
				ms(b.api_arrow),
				ms(b.api_json)
			])
		)
	];
	const t = r.transfer;
	if (t) {
		parts.push(
			'### Transfer: national village values',
			table(
				['Format', 'Bytes', 'Gzip bytes', 'Decode in Node p50 / p95 (ms)'],
				[
					['Arrow IPC', int(t.arrow_bytes), int(t.arrow_gzip_bytes), `${ms(t.arrow_decode.p50)} / ${ms(t.arrow_decode.p95)}`],
					['JSON', int(t.json_bytes), int(t.json_gzip_bytes), `${ms(t.json_decode.p50)} / ${ms(t.json_decode.p95)}`]
				]
			),
			`Arrow ÷ JSON bytes (\`${t.indicator}\`, ${int(t.rows)} rows): ${check(t.ratio, times)}. Decode = \`tableFromIPC\` plus the code and value columns as arrays, vs \`JSON.parse\` of the body.`
		);
	}
	const n = r.national;
	if (n) {
		const build = n.build
			? `${check(n.build.check, (s) => `${s.toFixed(0)} s`)}${n.build.reused ? ` (recorded when the snapshot was built, ${n.build.built_at})` : ''}`
			: 'not recorded (snapshot built outside the bench)';
		parts.push(
			'### National dataset',
			table(
				['Figure', 'Value'],
				[
					['Build time (`npm run data:demo -- --scope national`)', build],
					['Household rows', check(n.households, int, '≥')],
					['Server peak RSS while serving it (VmHWM)', `${int(n.server_memory.peak_rss_mb)} MiB`],
					['Server RSS at the end of the run', `${int(n.server_memory.rss_mb)} MiB`]
				]
			)
		);
	}
	return parts.join('\n\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Replaces the generated block of a Markdown file, keeping the hand-written text around it. */
export function replaceGenerated(file: string, generated: string): void {
	const doc = fs.readFileSync(file, 'utf8');
	const a = doc.indexOf(START);
	const b = doc.indexOf(END);
	if (a < 0 || b < a) throw new Error(`${file} has no ${START} … ${END} block`);
	fs.writeFileSync(file, `${doc.slice(0, a + START.length)}\n${generated}\n${doc.slice(b)}`);
}
