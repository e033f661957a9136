import path from 'node:path';
import { error } from '@sveltejs/kit';
import {
	DuckDBConnection,
	DuckDBInstance,
	type DuckDBPreparedStatement,
	type DuckDBValue
} from '@duckdb/node-api';
import { dataDir } from '../config';
import { bilingual } from '../errors';
import { reconcileInBackground } from '../importer/reconcile';
import { currentSnapshotDir, listSnapshots, readManifest, snapshotsDir, verifySnapshotFiles, type Manifest } from '../snapshot/store';
import { ALL_TABLES } from '../snapshot/schema';

export type Row = Record<string, unknown>;

/** Tables small enough to hold in memory; household-level tables stay as views over Parquet. */
const IN_MEMORY = new Set(ALL_TABLES.filter((t) => !t.personal).map((t) => t.name));
const POOL_SIZE = 4;

interface PooledConnection {
	conn: DuckDBConnection;
	statements: Map<string, DuckDBPreparedStatement>;
}

/** One DuckDB instance over one published snapshot, read-only, with a small connection pool. */
export class SnapshotDatabase {
	private idle: PooledConnection[] = [];
	private waiting: ((c: PooledConnection) => void)[] = [];

	private constructor(
		readonly dir: string,
		readonly manifest: Manifest,
		private readonly instance: DuckDBInstance
	) {}

	static async open(dir: string, tables?: readonly string[]): Promise<SnapshotDatabase> {
		const manifest = readManifest(dir);
		const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
		const setup = await instance.connect();
		const wanted = tables ?? Object.keys(manifest.tables);
		let readsFiles = false;
		for (const name of wanted) {
			const entry = manifest.tables[name];
			if (!entry || !ALL_TABLES.some((t) => t.name === name)) throw new Error(`snapshot has no table ${name}`);
			const file = path.join(dir, entry.file);
			if (IN_MEMORY.has(name)) await setup.run(createTableFromParquet(name), [file]);
			else {
				await setup.run(createViewOverParquet(name, file));
				readsFiles = true;
			}
		}
		// A database whose tables are all in memory (the public one) keeps no file access at all.
		if (readsFiles) await setup.run('SET allowed_directories = [$1]', [dir + path.sep]);
		await setup.run('SET enable_external_access = false');
		await setup.run('SET lock_configuration = true');
		setup.closeSync();
		const db = new SnapshotDatabase(dir, manifest, instance);
		for (let i = 0; i < POOL_SIZE; i++) {
			db.idle.push({ conn: await instance.connect(), statements: new Map() });
		}
		return db;
	}

	private acquire(): Promise<PooledConnection> {
		const c = this.idle.pop();
		return c ? Promise.resolve(c) : new Promise((resolve) => this.waiting.push(resolve));
	}

	private release(c: PooledConnection) {
		const next = this.waiting.shift();
		if (next) next(c);
		else this.idle.push(c);
	}

	/** Runs constant SQL text with bound values; results come back as plain JS values. */
	async query<T extends Row = Row>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
		const pooled = await this.acquire();
		try {
			let stmt = pooled.statements.get(sql);
			if (!stmt) {
				stmt = await pooled.conn.prepare(sql);
				pooled.statements.set(sql, stmt);
			}
			stmt.bind(params);
			const reader = await stmt.runAndReadAll();
			return reader.getRowObjectsJS() as T[];
		} finally {
			this.release(pooled);
		}
	}

	close() {
		for (const c of this.idle) c.conn.closeSync();
		this.idle = [];
		this.instance.closeSync();
	}
}

// `name` is checked against the schema allow-list before these are called.
const createTableFromParquet = (name: string) => `CREATE TABLE ${name} AS SELECT * FROM read_parquet($1)`;
// A view cannot hold a bound parameter, so the path goes in as an escaped literal.
const createViewOverParquet = (name: string, file: string) =>
	`CREATE VIEW ${name} AS SELECT * FROM read_parquet(${quoteLiteral(file)})`;

export function quoteLiteral(s: string): string {
	return `'${s.replaceAll("'", "''")}'`;
}

let active: { dir: string; db: Promise<SnapshotDatabase> } | null = null;
/** The import log's reconciliation pass, started once by the first request (see importer/reconcile.ts). */
let reconciling: Promise<unknown> | null = null;
let checkedAt = 0;
const RECHECK_MS = 1000;

/** Nothing to serve yet: a 503 in both languages, for pages and endpoints alike. */
function noSnapshot(): never {
	error(503, bilingual('Belum ada snapshot data yang dipublikasikan.', 'No published snapshot: run `npm run data:demo` or import data first.', 'unavailable'));
}

/** What the server serves: `degraded` means `current` could not be opened and an older snapshot is served instead. */
export interface SnapshotHealth {
	status: 'ok' | 'degraded' | 'unavailable';
	serving: string | null;
	failed: { snapshot: string; error: string } | null;
}
let failed: { dir: string; error: string } | null = null;

export function snapshotHealth(): SnapshotHealth {
	const serving = active ? path.basename(active.dir) : null;
	return {
		status: failed ? (serving ? 'degraded' : 'unavailable') : serving ? 'ok' : 'unavailable',
		serving,
		failed: failed && { snapshot: path.basename(failed.dir), error: failed.error }
	};
}

/** Opens a snapshot only after every Parquet file matches the sha256 in its manifest. */
async function openVerified(dir: string): Promise<SnapshotDatabase> {
	await verifySnapshotFiles(dir, readManifest(dir));
	return SnapshotDatabase.open(dir);
}

/** When `current` is broken and nothing was served yet: the newest other snapshot whose files verify. */
async function openLastGood(root: string, broken: string): Promise<{ dir: string; db: SnapshotDatabase }> {
	const candidates = listSnapshots(root)
		.map((m) => path.join(snapshotsDir(root), m.id))
		.filter((dir) => dir !== broken)
		.reverse();
	for (const dir of candidates) {
		try {
			return { dir, db: await openVerified(dir) };
		} catch {
			// try the next older one
		}
	}
	noSnapshot();
}

/**
 * The database for the published snapshot. `current` is re-read at most once a second; when it
 * moves, the next request opens the new snapshot and the old instance closes once idle. A snapshot
 * that fails to open (a file not matching its checksum, a corrupt Parquet) is never served: the last
 * good one stays, and `snapshotHealth()` says so.
 */
export async function getDatabase(): Promise<SnapshotDatabase> {
	if (!reconciling) reconciling = reconcileInBackground(dataDir());
	const now = Date.now();
	if (active && now - checkedAt < RECHECK_MS) return active.db;
	checkedAt = now;
	const root = dataDir();
	const dir = currentSnapshotDir(root);
	if (!dir) noSnapshot();
	if (active?.dir === dir) return active.db;
	if (failed?.dir === dir && active) return active.db;
	const previous = active;
	const opening = openVerified(dir).then(
		(db) => {
			failed = null;
			return db;
		},
		async (err: unknown) => {
			failed = { dir, error: err instanceof Error ? err.message : String(err) };
			if (previous) {
				active = previous;
				return previous.db;
			}
			try {
				const good = await openLastGood(root, dir);
				active = { dir: good.dir, db: Promise.resolve(good.db) };
				return good.db;
			} catch (none) {
				active = null;
				throw none;
			}
		}
	);
	active = { dir, db: opening };
	const db = await opening;
	if (previous && active.dir === dir) {
		const old = previous.db;
		setTimeout(() => old.then((d) => d.close()).catch(() => {}), 30_000).unref();
	}
	return db;
}
