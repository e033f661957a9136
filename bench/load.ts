import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { summarise, type Latency } from './stats';
import { processMemory } from './system';

/** What a signed-out visitor or script hits, in two mixes the load test cycles through; the soak runs both. */
export const PUBLIC_MIXES = {
	api: ['/api/v1/indicators', '/api/v1/regions/64.02', '/api/v1/regions/ID'],
	pages: ['/wilayah/64.02', '/publik/64.02']
};

export interface LoadFigure {
	connections: number;
	seconds: number;
	requests: number;
	requests_per_s: number;
	/** Null when no request finished within the run (all timed out). */
	latency: (Latency & { p99: number }) | null;
	/** Socket errors, timeouts and non-2xx answers together. */
	errors: number;
	/** The same, by kind: a timeout is a request without an answer within 10 s; `status` counts non-2xx answers by code. */
	error_kinds: { socket: number; timeouts: number; status: Record<string, number> };
}

/** `0`, or the count with its kinds: `6 (timeouts 3, HTTP 503 ×3)`. */
export function errorText(l: LoadFigure): string {
	if (!l.errors) return '0';
	const { socket, timeouts, status } = l.error_kinds;
	const kinds = [socket ? `socket ${socket}` : '', timeouts ? `timeouts ${timeouts}` : '', ...Object.entries(status).map(([c, n]) => `HTTP ${c} ×${n}`)];
	return `${l.errors} (${kinds.filter(Boolean).join(', ')})`;
}

function p99(samples: number[]): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? 0;
}

/**
 * autocannon against the running server, cycling through `paths`. autocannon's own histogram has
 * no p95, so every response time is kept and summarised with the bench's percentiles.
 */
export async function loadRun(url: string, paths: readonly string[], connections: number, seconds: number, onTick?: () => void): Promise<LoadFigure> {
	const samples: number[] = [];
	const status: Record<string, number> = {};
	const ticker = onTick ? setInterval(onTick, 1000) : null;
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{ url, connections, duration: seconds, timeout: 10, requests: paths.map((p) => ({ method: 'GET' as const, path: p })) },
			(err, res) => (err ? reject(err) : resolve(res))
		);
		instance.on('response', (_client, code, _bytes, time) => {
			samples.push(time);
			if (code < 200 || code >= 300) status[code] = (status[code] ?? 0) + 1;
		});
	});
	if (ticker) clearInterval(ticker);
	return {
		connections,
		seconds,
		requests: samples.length,
		requests_per_s: samples.length / seconds,
		latency: samples.length ? { ...summarise(samples), p99: p99(samples) } : null,
		// autocannon counts a timeout in `errors` as well as in `timeouts`.
		errors: result.errors + Object.values(status).reduce((a, b) => a + b, 0),
		error_kinds: { socket: result.errors - result.timeouts, timeouts: result.timeouts, status }
	};
}

/** One second of the soak: RSS from /proc, the rest from the server's own `process.memoryUsage()` (MiB). */
export interface MemorySample {
	rss_mb: number;
	/** Null when the server was started without the memory log (scripts/soak-memlog.mjs). */
	heap_used_mb: number | null;
	/** Heap the V8 engine holds from the system, garbage not yet collected included. */
	heap_total_mb: number | null;
	/** Memory of C++ objects bound to JS, Buffers and ArrayBuffers included. */
	external_mb: number | null;
	array_buffers_mb: number | null;
}

export interface Soak {
	load: LoadFigure;
	/** Server memory once a second. */
	samples: MemorySample[];
	rss_start_mb: number;
	rss_end_mb: number;
	rss_max_mb: number;
	/** Mean RSS of the last fifth minus the mean of the second fifth (after warm-up), MiB. */
	growth_mb: number;
	/** The same for the JS heap in use; null without the memory log. */
	heap_growth_mb: number | null;
}

/**
 * The old-generation cap `npm start` gives the server (package.json). Below 2 GB V8 also lowers how far
 * it lets the heap grow past what is live before a full collection (about 1.6× here instead of up to
 * 4×): under constant load the default let the heap climb for minutes (docs/performance.md, Memory).
 */
export const SERVER_HEAP_FLAG = '--max-old-space-size=1024';

/**
 * Environment for `node build` as `npm start` runs it, plus the memory log (scripts/soak-memlog.mjs)
 * writing the server's memoryUsage() to `memlog` once a second for {@link soak}. NODE_OPTIONS already
 * set in the environment come last, so they win (to measure without the cap).
 */
export function serverEnv(memlog: string): Record<string, string> {
	const preload = fileURLToPath(new URL('../scripts/soak-memlog.mjs', import.meta.url));
	return { TEPAT_MEMLOG: memlog, NODE_OPTIONS: [SERVER_HEAP_FLAG, `--import=${preload}`, process.env.NODE_OPTIONS].filter(Boolean).join(' ') };
}

const MiB = 2 ** 20;

/** The server's last `process.memoryUsage()` from the memory log; null before it is written. */
export function readMemlog(memlog: string | undefined): NodeJS.MemoryUsage | null {
	try {
		return memlog ? (JSON.parse(fs.readFileSync(memlog, 'utf8')) as NodeJS.MemoryUsage) : null;
	} catch {
		return null;
	}
}

function sample(pid: number, memlog: string | undefined): MemorySample {
	const rss_mb = processMemory(pid).rss_mb;
	const m = readMemlog(memlog);
	const mb = (x: number | undefined) => (x === undefined ? null : Math.round(x / MiB));
	return { rss_mb, heap_used_mb: mb(m?.heapUsed), heap_total_mb: mb(m?.heapTotal), external_mb: mb(m?.external), array_buffers_mb: mb(m?.arrayBuffers) };
}

/**
 * A longer run at fixed concurrency while the server's memory is sampled every second; `memlog` is
 * the file the server writes its memoryUsage() to when started with {@link serverEnv}.
 */
export async function soak(url: string, paths: readonly string[], pid: number, connections: number, seconds: number, memlog?: string): Promise<Soak> {
	const samples: MemorySample[] = [sample(pid, memlog)];
	const load = await loadRun(url, paths, connections, seconds, () => samples.push(sample(pid, memlog)));
	samples.push(sample(pid, memlog));
	const fifth = Math.max(1, Math.floor(samples.length / 5));
	const growth = (xs: number[]) => {
		const mean = (ys: number[]) => ys.reduce((s, y) => s + y, 0) / ys.length;
		return mean(xs.slice(-fifth)) - mean(xs.slice(fifth, 2 * fifth));
	};
	const rss = samples.map((s) => s.rss_mb);
	const heap = samples.map((s) => s.heap_used_mb);
	return {
		load,
		samples,
		rss_start_mb: rss[0] as number,
		rss_end_mb: rss.at(-1) as number,
		rss_max_mb: Math.max(...rss),
		growth_mb: growth(rss),
		heap_growth_mb: heap.every((h) => h !== null) ? growth(heap) : null
	};
}

/** The samples at `points` even steps through the soak (first and last included), with their second. */
export function memoryCheckpoints(s: Soak, points: number): (MemorySample & { second: number })[] {
	const last = s.samples.length - 1;
	const seconds = [...new Set(Array.from({ length: points + 1 }, (_, i) => Math.round((i * last) / points)))];
	return seconds.map((second) => ({ second, ...(s.samples[second] as MemorySample) }));
}
