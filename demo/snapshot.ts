import path from 'node:path';
import { snapshotId } from '../src/lib/server/snapshot/store';
import { buildSnapshot, openBuildDatabase, publishAndPrune, type StageLog } from '../src/lib/server/snapshot/build';
import { reconcile } from '../src/lib/server/importer/reconcile';
import { withPublishLock } from '../src/lib/server/snapshot/lock';
import { DEFAULT_SCOPE, generateDemo, type DemoOptions } from './generate';

export interface DemoRequest {
	scope: 'default' | 'national' | string;
	seed: number;
	/** About this many households in the 2025 register instead of the scope's usual scale (see `DemoOptions`). */
	households?: number;
	/** Only these periods (a subset of `DEMO_PERIODS`); all by default. */
	periods?: number[];
	/** Told the wall time of each generation and build step. */
	onStage?: StageLog;
}

/** DuckDB's memory while generating and building a demo snapshot; the budget for the whole process is 4 GB. */
const DEMO_MEMORY_LIMIT = '2500MB';

/** `default` → the three seed-story regencies; `national` → every village at reduced household scale. */
export function demoOptions(req: DemoRequest): DemoOptions {
	const size = { households: req.households, periods: req.periods, onStage: req.onStage };
	if (req.scope === 'default') return { seed: req.seed, scope: DEFAULT_SCOPE, scale: 1, ...size };
	if (req.scope === 'national') return { seed: req.seed, scope: [], scale: 0.035, ...size };
	return { seed: req.seed, scope: [req.scope], scale: 1, ...size };
}

/** Generates the demo data, builds a snapshot from it and (optionally) publishes it. Returns its folder. */
export async function buildDemoSnapshot(root: string, req: DemoRequest, publish = true): Promise<string> {
	const opts = demoOptions(req);
	// Built and published holding the publish lock: another publisher's pass clears `staging/`, and pruning
	// must not remove a snapshot an import is about to switch to.
	return withPublishLock(root, async (lock) => {
		reconcile(root);
		// Bounded, so the national demo (12 M household rows) builds on a box shared with a running server.
		const db = await openBuildDatabase({ memoryLimit: DEMO_MEMORY_LIMIT, tempDirectory: path.join(root, 'tmp', 'duckdb') });
		try {
			await generateDemo(db.conn, opts);
			const id = snapshotId(`demo-${req.scope}-${req.seed}`);
			const dir = await buildSnapshot(db.conn, root, {
				id,
				synthetic: true,
				generator: { name: 'tepat-demo', seed: req.seed, scope: req.scope, households: req.households },
				onStage: req.onStage
			});
			lock.assertHeld();
			if (publish) publishAndPrune(root, id);
			return dir;
		} finally {
			db.close();
		}
	});
}
