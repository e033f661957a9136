import autocannon from 'autocannon';
import { summarise, type Latency } from './stats';
import { processMemory } from './system';

export interface LoadFigure {
	connections: number;
	seconds: number;
	requests: number;
	requests_per_s: number;
	/** Null when no request finished within the run (all timed out). */
	latency: (Latency & { p99: number }) | null;
	/** Socket errors, timeouts and non-2xx answers together. */
	errors: number;
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
	let non2xx = 0;
	const ticker = onTick ? setInterval(onTick, 1000) : null;
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{ url, connections, duration: seconds, timeout: 10, requests: paths.map((p) => ({ method: 'GET' as const, path: p })) },
			(err, res) => (err ? reject(err) : resolve(res))
		);
		instance.on('response', (_client, status, _bytes, time) => {
			samples.push(time);
			if (status < 200 || status >= 300) non2xx++;
		});
	});
	if (ticker) clearInterval(ticker);
	return {
		connections,
		seconds,
		requests: samples.length,
		requests_per_s: samples.length / seconds,
		latency: samples.length ? { ...summarise(samples), p99: p99(samples) } : null,
		errors: result.errors + result.timeouts + non2xx
	};
}

export interface Soak {
	load: LoadFigure;
	/** Server RSS (MiB) once a second. */
	rss_mb: number[];
	rss_start_mb: number;
	rss_end_mb: number;
	rss_max_mb: number;
	/** Mean RSS of the last fifth minus the mean of the second fifth (after warm-up), MiB. */
	growth_mb: number;
}

/** A longer run at fixed concurrency while the server's resident memory is sampled every second. */
export async function soak(url: string, paths: readonly string[], pid: number, connections: number, seconds: number): Promise<Soak> {
	const rss: number[] = [processMemory(pid).rss_mb];
	const load = await loadRun(url, paths, connections, seconds, () => rss.push(processMemory(pid).rss_mb));
	rss.push(processMemory(pid).rss_mb);
	const fifth = Math.max(1, Math.floor(rss.length / 5));
	const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
	return {
		load,
		rss_mb: rss,
		rss_start_mb: rss[0] as number,
		rss_end_mb: rss.at(-1) as number,
		rss_max_mb: Math.max(...rss),
		growth_mb: mean(rss.slice(-fifth)) - mean(rss.slice(fifth, 2 * fifth))
	};
}
