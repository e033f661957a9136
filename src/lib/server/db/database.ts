import fs from 'node:fs';
import path from 'node:path';
import { error } from '@sveltejs/kit';
import { DuckDBConnection, DuckDBInstance, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { readManifest, verifySnapshotFiles, type Manifest } from '../snapshot/store';
import { ALL_TABLES } from '../snapshot/schema';
import { readColumns, type Columns } from './columns';

export type Row = Record<string, unknown>;

/** Tables small enough to hold in memory; household-level tables stay as views over Parquet. */
const IN_MEMORY = new Set(ALL_TABLES.filter((t) => !t.personal).map((t) => t.name));
const POOL_SIZE = 4;

interface PooledConnection {
	conn: DuckDBConnection;
	statements: Map<string, DuckDBPreparedStatement>;
}

/** A Parquet file a view reads lazily, with what `stat` said when its checksum was last confirmed. */
interface WatchedFile {
	table: string;
	file: string;
	seen: string;
}

const signature = (file: string) => {
	const s = fs.statSync(file, { bigint: true });
	return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
};

/** A file's identity, size and change times (null when it cannot be read): a file whose signature changed is hashed again. */
export function fileSignature(file: string): string | null {
	try {
		return signature(file);
	} catch {
		return null;
	}
}

/** Parser, binder and catalogue errors are mistakes in SQL, not in the data it reads. */
const SQL_MISTAKE = /^(Parser|Binder|Catalog) Error/;

/** The snapshot this database read has gone (replaced, or a file no longer matches its checksum): a 503, never a 500. */
function unavailable(why: string): never {
	error(
		503,
		bilingual(both(m.error_data_restoring, { reason: why }), 'unavailable')
	);
}

let serials = 0;

/**
 * One DuckDB instance over one snapshot, read-only, with a small connection pool. Tables without
 * personal data are loaded into memory; the household-level ones stay views over their Parquet
 * files, which are watched: a file that changes under the running server is checked against its
 * sha256 before anything reads it again, and a mismatch answers 503 (`onCorrupt` lets the server
 * switch to another snapshot).
 */
export class SnapshotDatabase {
	/** Tells databases apart in caches keyed per database. */
	readonly serial = ++serials;
	private idle: PooledConnection[] = [];
	private waiting: ((c: PooledConnection) => void)[] = [];
	private busy = 0;
	private lastUsed = Date.now();
	private closed = false;
	private corrupt: string | null = null;
	private checking: Promise<void> | null = null;
	private readonly derivedValues = new Map<string, Promise<unknown>>();
	/** Called once when a watched file fails its checksum. */
	onCorrupt: ((db: SnapshotDatabase, reason: string) => void) | null = null;

	private constructor(
		readonly dir: string,
		readonly manifest: Manifest,
		/** The snapshot tables this database loaded (a view made by `setup` is not one of them). */
		readonly tables: ReadonlySet<string>,
		private readonly instance: DuckDBInstance,
		private readonly files: WatchedFile[]
	) {}

	/**
	 * Opens `tables` of the snapshot in `dir` (all by default), then runs `setup` (constant SQL, e.g. views).
	 * A database whose tables are all in memory keeps no file access at all.
	 */
	static async open(dir: string, tables?: readonly string[], setup: readonly string[] = []): Promise<SnapshotDatabase> {
		const manifest = readManifest(dir);
		const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
		const conn = await instance.connect();
		const files: WatchedFile[] = [];
		const loaded = tables ?? Object.keys(manifest.tables);
		try {
			for (const name of loaded) {
				const entry = manifest.tables[name];
				if (!entry || !ALL_TABLES.some((t) => t.name === name)) throw new Error(`snapshot has no table ${name}`);
				const file = path.join(dir, entry.file);
				if (IN_MEMORY.has(name)) await conn.run(createTableFromParquet(name), [file]);
				else {
					await conn.run(createViewOverParquet(name, file));
					files.push({ table: name, file, seen: signature(file) });
				}
			}
			for (const sql of setup) await conn.run(sql);
			if (files.length) await conn.run('SET allowed_directories = [$1]', [dir + path.sep]);
			await conn.run('SET enable_external_access = false');
			await conn.run('SET lock_configuration = true');
		} catch (err) {
			conn.closeSync();
			instance.closeSync();
			throw err;
		}
		conn.closeSync();
		const db = new SnapshotDatabase(dir, manifest, new Set(loaded), instance, files);
		for (let i = 0; i < POOL_SIZE; i++) db.idle.push({ conn: await instance.connect(), statements: new Map() });
		return db;
	}

	private acquire(): Promise<PooledConnection> {
		this.busy++;
		this.lastUsed = Date.now();
		const c = this.idle.pop();
		return c ? Promise.resolve(c) : new Promise((resolve) => this.waiting.push(resolve));
	}

	private release(c: PooledConnection) {
		this.busy--;
		this.lastUsed = Date.now();
		const next = this.waiting.shift();
		if (next) next(c);
		else this.idle.push(c);
	}

	/** No query running and none for `ms`: a replaced database may close. */
	idleFor(ms: number): boolean {
		return this.busy === 0 && Date.now() - this.lastUsed >= ms;
	}

	/**
	 * Confirms the watched files are the ones whose checksums were verified: a file whose `stat` changed
	 * (or every file, after a read error) is hashed again. Concurrent callers share one check.
	 */
	async checkFiles(all = false): Promise<void> {
		if (this.corrupt) unavailable(this.corrupt);
		const changed = this.files.filter((f) => all || signature(f.file) !== f.seen);
		if (changed.length === 0) return;
		this.checking ??= verifySnapshotFiles(
			this.dir,
			this.manifest,
			changed.map((f) => f.table)
		).then(
			() => {
				for (const f of changed) f.seen = signature(f.file);
				this.checking = null;
			},
			(err: unknown) => {
				this.corrupt ??= err instanceof Error ? err.message : String(err);
				this.onCorrupt?.(this, this.corrupt);
				this.checking = null;
			}
		);
		await this.checking;
		if (this.corrupt) unavailable(this.corrupt);
	}

	private async run<T>(sql: string, params: DuckDBValue[], read: (stmt: DuckDBPreparedStatement) => Promise<T>): Promise<T> {
		if (this.closed) unavailable('snapshot closed');
		if (this.files.length) await this.checkFiles();
		const pooled = await this.acquire();
		try {
			let stmt = pooled.statements.get(sql);
			if (!stmt) {
				stmt = await pooled.conn.prepare(sql);
				pooled.statements.set(sql, stmt);
			}
			stmt.bind(params);
			return await read(stmt);
		} catch (err) {
			// A file-backed read that fails may be reading a damaged file: confirm the checksums before blaming the SQL.
			if (this.files.length && !(err instanceof Error && SQL_MISTAKE.test(err.message))) await this.checkFiles(true);
			throw err;
		} finally {
			this.release(pooled);
		}
	}

	/** Runs constant SQL text with bound values; rows come back as plain JS objects. */
	query<T extends Row = Row>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
		return this.run(sql, params, async (stmt) => (await stmt.runAndReadAll()).getRowObjectsJS() as T[]);
	}

	/** The same, read as typed columns (see columns.ts): for answers of tens of thousands of rows. */
	columns(sql: string, params: DuckDBValue[] = []): Promise<Columns> {
		return this.run(sql, params, async (stmt) => readColumns(await stmt.run()));
	}

	/** Runs the SQL and only counts its rows: DuckDB's own time, with nothing turned into JS values. */
	count(sql: string, params: DuckDBValue[] = []): Promise<number> {
		return this.run(sql, params, async (stmt) => (await stmt.run()).rowCount);
	}

	/**
	 * Something derived from this snapshot once and kept as long as the database serves (e.g. the
	 * region frames of values answers); concurrent first callers share one computation.
	 */
	derived<T>(key: string, compute: () => Promise<T>): Promise<T> {
		let value = this.derivedValues.get(key) as Promise<T> | undefined;
		if (!value) {
			value = compute();
			this.derivedValues.set(key, value);
			value.catch(() => this.derivedValues.delete(key));
		}
		return value;
	}

	/** Whether `table` was loaded into memory (rather than left a view over its Parquet file). */
	inMemory(table: string): boolean {
		return this.tables.has(table) && IN_MEMORY.has(table);
	}

	/** Drops what `derived` kept under `key` (e.g. a lookup that found nothing, which must not pin memory). */
	forget(key: string) {
		this.derivedValues.delete(key);
	}

	close() {
		if (this.closed) return;
		this.closed = true;
		for (const c of this.idle) c.conn.closeSync();
		this.idle = [];
		this.derivedValues.clear();
		this.instance.closeSync();
	}
}

// `name` is checked against the schema allow-list before these are called.
const createTableFromParquet = (name: string) => `CREATE TABLE ${name} AS SELECT * FROM read_parquet($1)`;
// A view cannot hold a bound parameter, so the path goes in as an escaped literal.
const createViewOverParquet = (name: string, file: string) => `CREATE VIEW ${name} AS SELECT * FROM read_parquet(${quoteLiteral(file)})`;

export function quoteLiteral(s: string): string {
	return `'${s.replaceAll("'", "''")}'`;
}
