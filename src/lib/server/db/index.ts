import path from 'node:path';
import {
	DuckDBConnection,
	DuckDBInstance,
	type DuckDBPreparedStatement,
	type DuckDBValue
} from '@duckdb/node-api';
import { dataDir } from '../config';
import { currentSnapshotDir, readManifest, type Manifest } from '../snapshot/store';
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
		for (const name of wanted) {
			const entry = manifest.tables[name];
			if (!entry || !ALL_TABLES.some((t) => t.name === name)) throw new Error(`snapshot has no table ${name}`);
			const file = path.join(dir, entry.file);
			const kind = IN_MEMORY.has(name) ? 'TABLE' : 'VIEW';
			// Identifiers come from the schema allow-list above; the file path is bound as a value where DuckDB allows it.
			await setup.run(`CREATE ${kind} ${name} AS SELECT * FROM read_parquet(${quoteLiteral(file)})`);
		}
		await setup.run(`SET allowed_directories = [${quoteLiteral(dir)}]`);
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

export function quoteLiteral(s: string): string {
	return `'${s.replaceAll("'", "''")}'`;
}

let active: { dir: string; db: Promise<SnapshotDatabase> } | null = null;
let checkedAt = 0;
const RECHECK_MS = 1000;

export class NoSnapshotError extends Error {
	constructor() {
		super('No published snapshot: run `npm run data:demo` or import data first.');
	}
}

/**
 * The database for the published snapshot. `current` is re-read at most once a second; when it
 * moves, the next request opens the new snapshot and the old instance closes once idle.
 */
export async function getDatabase(): Promise<SnapshotDatabase> {
	const now = Date.now();
	if (active && now - checkedAt < RECHECK_MS) return active.db;
	checkedAt = now;
	const dir = currentSnapshotDir(dataDir());
	if (!dir) throw new NoSnapshotError();
	if (active?.dir === dir) return active.db;
	const previous = active;
	active = { dir, db: SnapshotDatabase.open(dir) };
	active.db.catch(() => {
		if (active?.dir === dir) active = previous;
	});
	if (previous) {
		const old = previous.db;
		setTimeout(() => old.then((d) => d.close()).catch(() => {}), 30_000).unref();
	}
	return active.db;
}
