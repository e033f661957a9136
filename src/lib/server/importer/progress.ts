import type { DuckDBConnection } from '@duckdb/node-api';
import { ImportError } from './messages';

/** The stages of an import, in order; a check (dry run) stops after `merge`; `answers` comes after the data is served. */
const STAGES = ['read', 'validate', 'merge', 'build', 'verify', 'publish', 'log', 'answers'] as const;
export type Stage = (typeof STAGES)[number];

/** Where a long import is: its stage, the rows read (an estimate while reading), the share done and the time left. */
export interface Progress {
	stage: Stage;
	rows: number;
	fraction: number;
	elapsedMs: number;
	/** Null until enough is done to tell. */
	etaMs: number | null;
}

/**
 * Shares of the whole import's time per stage, from the importer bench (1 M households: reading and
 * validating dominate; a check stops after `merge`).
 */
const WEIGHTS: Record<Stage, number> = { read: 0.25, validate: 0.25, merge: 0.07, build: 0.2, verify: 0.04, publish: 0.02, log: 0.01, answers: 0.16 };
const POLL_MS = 250;

/**
 * Follows one import: the stage, DuckDB's own progress of the running statement (rows scanned while
 * reading), and a time-based guess inside later stages. Aborting the signal interrupts the running
 * statement; the import then stops with CANCELLED and its staging is cleared like any failure.
 */
export class ProgressTracker {
	private stageName: Stage = 'read';
	private stageStart = performance.now();
	private readonly started = performance.now();
	private readMs = 0;
	private inStage = 0;
	private rows = 0;
	private conn: DuckDBConnection | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;
	private readonly weights: [Stage, number][];

	constructor(
		dryRun: boolean,
		private readonly report: ((p: Progress) => void) | undefined,
		private readonly signal: AbortSignal | undefined
	) {
		const stages: readonly Stage[] = dryRun ? STAGES.slice(0, 3) : STAGES;
		const total = stages.reduce((sum, st) => sum + WEIGHTS[st], 0);
		this.weights = stages.map((st) => [st, WEIGHTS[st] / total]);
		signal?.addEventListener('abort', () => this.conn?.interrupt(), { once: true });
	}

	/** Polls DuckDB's progress of the statement running on `conn` until `detach`. */
	attach(conn: DuckDBConnection): void {
		this.conn = conn;
		this.timer = setInterval(() => this.poll(), POLL_MS);
		this.timer.unref?.();
	}

	detach(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.conn = null;
	}

	/** Throws CANCELLED once the user cancelled (checked at every stage and after an interrupted statement). */
	throwIfCancelled(): void {
		if (this.signal?.aborted) throw new ImportError('CANCELLED');
	}

	/** Enters a stage; before `publish` a cancelled import stops here (after it, the switch is atomic and finishes). */
	stage(s: Stage): void {
		if (STAGES.indexOf(s) < STAGES.indexOf('publish')) this.throwIfCancelled();
		if (this.stageName === 'read' && s !== 'read') this.readMs = performance.now() - this.stageStart;
		this.stageName = s;
		this.stageStart = performance.now();
		this.inStage = 0;
		this.emit();
	}

	setRows(rows: number): void {
		this.rows = rows;
	}

	private poll(): void {
		const p = this.conn?.progress;
		if (!p) return;
		const pct = Number(p.percentage);
		if (this.stageName === 'read' && pct >= 0) this.rows = Math.max(this.rows, Number(p.rows_processed));
		// Later stages run many statements: DuckDB's share of the current one and the time spent against the expected time, whichever is further.
		const own = this.weights.find(([st]) => st === this.stageName)?.[1] ?? 0;
		const read = this.weights[0]?.[1] ?? 1;
		const expected = this.stageName === 'read' || !this.readMs ? 0 : (this.readMs * own) / read;
		const byTime = expected ? (performance.now() - this.stageStart) / expected : 0;
		this.inStage = Math.min(0.95, Math.max(this.inStage, pct > 0 ? pct / 100 : 0, this.stageName === 'read' ? 0 : byTime));
		this.emit();
	}

	private emit(): void {
		if (!this.report) return;
		let done = 0;
		for (const [st, w] of this.weights) {
			if (st === this.stageName) {
				done += w * this.inStage;
				break;
			}
			done += w;
		}
		const fraction = Math.min(1, done);
		const elapsedMs = performance.now() - this.started;
		this.report({ stage: this.stageName, rows: this.rows, fraction, elapsedMs, etaMs: fraction > 0.03 ? (elapsedMs * (1 - fraction)) / fraction : null });
	}
}
