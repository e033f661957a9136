import type { DuckDBValue } from '@duckdb/node-api';
import type { SnapshotDatabase } from '../src/lib/server/db';
import type { HttpClient } from './http';
import { atMost, summarise, type Check, type Latency } from './stats';
import { processCpuMs } from './system';

/**
 * Cold and warm answers in one run. Cold: a server just started, each key asked once (a key is one
 * question: indicator × period × names, or programme × view); the first request of the run is in it.
 * Warm: the same keys asked again, answered from the memo. Engine: the SQL each cold answer ran,
 * with the same bound values, on DuckDB in the bench process, counting rows without reading them.
 */
export interface ColdWarmKey {
	path: string;
	sql: string;
	params: DuckDBValue[];
}

export interface ColdWarmFigure {
	kind: 'values' | 'coverage' | 'allocation';
	query: string;
	scope: 'regency' | 'national';
	subject: string;
	rows: number;
	keys: number;
	cold: Latency;
	warm: Latency;
	engine: Latency;
	/**
	 * CPU milliseconds the server used per cold answer, and DuckDB per engine run (all threads): the
	 * work itself, which other load on the cores does not stretch the way it stretches wall time.
	 */
	cold_cpu: Latency;
	engine_cpu: Latency;
	/** Each key's cold time and server CPU (ms), in the order asked, so a slow p95 can be traced to its key (absent in runs before it). */
	cold_keys?: { path: string; ms: number; cpu_ms: number }[];
	/** Cold p95 against the scope's target. */
	cold_p95: Check;
	/** Cold p95 ÷ engine p95, held to ≤ 2× for national values. */
	over_engine: Check | null;
}

export const COLD_TARGETS = { regency_ms: 5, national_values_ms: 50, national_workbench_ms: 100, over_engine: 2 } as const;

export async function coldWarm(
	http: HttpClient,
	db: SnapshotDatabase,
	serverPid: number,
	f: Omit<ColdWarmFigure, 'keys' | 'cold' | 'warm' | 'engine' | 'cold_cpu' | 'engine_cpu' | 'cold_p95' | 'over_engine' | 'cold_keys'> & { keys: ColdWarmKey[] },
	warmRounds = 3
): Promise<ColdWarmFigure> {
	const cold: number[] = [];
	const coldCpu: number[] = [];
	for (const k of f.keys) {
		const cpu = processCpuMs(serverPid);
		cold.push((await http.timed(k.path)).ms);
		coldCpu.push(processCpuMs(serverPid) - cpu);
	}
	const warm: number[] = [];
	for (let r = 0; r < warmRounds; r++) for (const k of f.keys) warm.push((await http.timed(k.path)).ms);
	const engine: number[] = [];
	const engineCpu: number[] = [];
	for (let r = 0; r < warmRounds; r++) {
		for (const k of f.keys) {
			const [t0, cpu] = [performance.now(), processCpuMs()];
			await db.count(k.sql, k.params);
			engine.push(performance.now() - t0);
			engineCpu.push(processCpuMs() - cpu);
		}
	}
	const c = summarise(cold);
	const e = summarise(engine);
	const limit = f.scope === 'regency' ? COLD_TARGETS.regency_ms : f.kind === 'values' ? COLD_TARGETS.national_values_ms : COLD_TARGETS.national_workbench_ms;
	return {
		kind: f.kind,
		query: f.query,
		scope: f.scope,
		subject: f.subject,
		rows: f.rows,
		keys: f.keys.length,
		cold: c,
		warm: summarise(warm),
		engine: e,
		cold_cpu: summarise(coldCpu),
		engine_cpu: summarise(engineCpu),
		cold_keys: f.keys.map((k, i) => ({ path: k.path, ms: cold[i]!, cpu_ms: coldCpu[i]! })),
		cold_p95: atMost(c.p95, limit),
		over_engine: f.scope === 'national' && f.kind === 'values' ? atMost(c.p95 / e.p95, COLD_TARGETS.over_engine) : null
	};
}

/** Server memory while many national keys are asked once each: the memo must hold it to its budget. */
export interface Crawl {
	keys: number;
	seconds: number;
	/** TEPAT_MEMO_MB the server ran with. */
	budget_mb: number;
	rss_start_mb: number;
	rss_max_mb: number;
	rss_end_mb: number;
	heap_max_mb: number | null;
	external_max_mb: number | null;
	/** Bytes of answers the crawl received (uncompressed): what an unbounded memo would hold. */
	answers_mb: number;
}
