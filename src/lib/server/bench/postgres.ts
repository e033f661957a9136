import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../../../tests/e2e/harness';
import { quoteLiteral } from '../db';
import { createTableSql, type TableSpec } from '../snapshot/schema';

/**
 * A throw-away PostgreSQL cluster for comparisons: `initdb` in a temp folder, `pg_ctl start` on a
 * loopback port, trust auth for one superuser, fsync off. Debian's `postgresql` package provides the
 * binaries (`apt-get install -y postgresql`); the server refuses to run as root, so when this
 * process is root the cluster is created and run as the `postgres` system user.
 */
export interface PgCluster {
	client: pg.Client;
	version: string;
	/** Connection URL of a database in the cluster (`postgres` by default); trust auth, no password. */
	url(database?: string): string;
	/** Folder the server can read: CSV files for server-side COPY go here. */
	dir: string;
	stop(): Promise<void>;
}

function binDir(): string {
	if (process.env.TEPAT_PG_BIN) return process.env.TEPAT_PG_BIN;
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
	const found = versions.map((v) => path.join(base, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'initdb')));
	if (!found) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set TEPAT_PG_BIN)');
	return found;
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): string {
	const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * PostgreSQL names for the two DuckDB types the schema uses that PostgreSQL lacks, so the same DDL
 * and the same `::DOUBLE` casts run on both engines.
 */
const DOMAINS = ['CREATE DOMAIN tinyint AS smallint', 'CREATE DOMAIN double AS double precision'];

export async function startPostgres(): Promise<PgCluster> {
	const bin = binDir();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-pg-'));
	fs.chmodSync(dir, 0o755);
	if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const port = await freePort();
	const pgCtl = path.join(bin, 'pg_ctl');
	let started = false;
	try {
		run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'tepat', '-E', 'UTF8', '--locale=C', '-N']);
		const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		run(pgCtl, ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
		started = true;
		const client = new pg.Client({ host: '127.0.0.1', port, user: 'tepat', database: 'postgres' });
		await client.connect();
		for (const sql of DOMAINS) await client.query(sql);
		const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
		return {
			client,
			version: rows[0]?.v ?? 'unknown',
			url: (database = 'postgres') => `postgres://tepat@127.0.0.1:${port}/${database}`,
			dir,
			stop: async () => {
				await client.end();
				run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	} catch (err) {
		if (started) run(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
		fs.rmSync(dir, { recursive: true, force: true });
		throw err;
	}
}

/** Something that can run DuckDB SQL: a build connection or a bench-side instance. */
export interface DuckRunner {
	run(sql: string): Promise<unknown>;
}

/**
 * Copies DuckDB relations into PostgreSQL tables of the same schema: DuckDB writes CSV into the
 * cluster's folder, PostgreSQL reads it with a server-side COPY. `source(spec)` is the DuckDB
 * relation for the table (a table name or `read_parquet('…')`); names come from the schema.
 */
export async function copyToPostgres(
	duck: DuckRunner,
	cluster: PgCluster,
	tables: { spec: TableSpec; source: string }[]
): Promise<void> {
	for (const { spec, source } of tables) {
		const csv = path.join(cluster.dir, `${spec.name}.csv`);
		const cols = Object.keys(spec.columns).join(', ');
		await duck.run(`COPY (SELECT ${cols} FROM ${source}) TO ${quoteLiteral(csv)} (HEADER, NULL '')`);
		fs.chmodSync(csv, 0o644);
		await cluster.client.query(`DROP TABLE IF EXISTS ${spec.name}`);
		await cluster.client.query(createTableSql(spec));
		await cluster.client.query(`COPY ${spec.name} FROM ${quoteLiteral(csv)} (FORMAT csv, HEADER true)`);
		await cluster.client.query(`ANALYZE ${spec.name}`);
		fs.rmSync(csv);
	}
}

/** Indexes a PostgreSQL-backed dashboard would add for these reads (C collation: prefix scans use them). */
export const PG_INDEXES: Record<string, string[]> = {
	regions: ['CREATE INDEX ON regions (level, code)', 'CREATE UNIQUE INDEX ON regions (code, valid_from)'],
	region_values: ['CREATE INDEX ON region_values (region_code, period)', 'CREATE INDEX ON region_values (level, period, region_code)'],
	official_indicators: ['CREATE INDEX ON official_indicators (region_code, indicator, period)'],
	programme_coverage: ['CREATE INDEX ON programme_coverage (programme_code, level, region_code)', 'CREATE INDEX ON programme_coverage (region_code)'],
	households: ['CREATE INDEX ON households (period, village_code)']
};

export async function addIndexes(cluster: PgCluster, tables: readonly string[]): Promise<void> {
	for (const t of tables) for (const sql of PG_INDEXES[t] ?? []) await cluster.client.query(sql);
	for (const t of tables) await cluster.client.query(`ANALYZE ${t}`);
}

/**
 * The query surface of `SnapshotDatabase` over PostgreSQL, so the project's own query functions
 * (`indicatorValues`, `coverageRows`, …) send their exact SQL and bound values to PostgreSQL.
 * Each text becomes a named prepared statement, as DuckDB's pool prepares its statements.
 */
export class PgQueries {
	private readonly names = new Map<string, string>();

	constructor(private readonly client: pg.Client) {}

	async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
		let name = this.names.get(sql);
		if (!name) {
			name = `q${this.names.size}`;
			this.names.set(sql, name);
		}
		return (await this.client.query<T>({ name, text: sql, values: params })).rows;
	}
}
