import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { PgCluster } from '../tests/postgres';
import { quoteLiteral } from '../src/lib/server/db';
import type { Column, Columns } from '../src/lib/server/db/columns';
import { createTableSql, type TableSpec } from '../src/lib/server/snapshot/schema';

/**
 * What a PostgreSQL user would set on an analytics box of this machine's size, instead of the
 * defaults made for a small shared server (128 MB shared_buffers, 4 MB work_mem, JIT on):
 * shared_buffers a quarter of RAM and effective_cache_size half, work_mem large enough that the
 * national sorts and hash aggregates stay in memory (the bench reports any temp files), JIT off
 * (its compile time dominates queries of tens of milliseconds), SSD page costs, one parallel
 * worker per core.
 */
export function analyticsSettings(totalBytes = os.totalmem(), cores = os.availableParallelism()): Record<string, string> {
	const mb = Math.floor(totalBytes / 2 ** 20);
	return {
		shared_buffers: `${Math.floor(mb / 4)}MB`,
		effective_cache_size: `${Math.floor(mb / 2)}MB`,
		work_mem: '256MB',
		maintenance_work_mem: '1GB',
		jit: 'off',
		random_page_cost: '1.1',
		max_parallel_workers_per_gather: String(cores),
		max_worker_processes: String(Math.max(8, cores))
	};
}

/** Something that can run DuckDB SQL: a build connection or a bench-side instance. */
export interface DuckRunner {
	run(sql: string): Promise<unknown>;
}

/** A table split by one integer column, one partition per value, so a query for one value reads only its partition. */
export interface PgPartitions {
	column: string;
	values: readonly number[];
}

function createSql(spec: TableSpec, partitions: PgPartitions | undefined): string[] {
	if (!partitions) return [createTableSql(spec)];
	if (!(partitions.column in spec.columns)) throw new Error(`${spec.name} has no column ${partitions.column} to partition by`);
	if (!partitions.values.every(Number.isInteger)) throw new Error(`${spec.name}: partition values must be whole numbers`);
	return [
		`${createTableSql(spec)} PARTITION BY LIST (${partitions.column})`,
		...partitions.values.map((v) => `CREATE TABLE ${spec.name}_${String(v).replace('-', 'm')} PARTITION OF ${spec.name} FOR VALUES IN (${v})`)
	];
}

/**
 * Copies DuckDB relations into PostgreSQL tables of the same schema: DuckDB writes CSV into the
 * cluster's folder, PostgreSQL reads it with a server-side COPY. `source(spec)` is the DuckDB
 * relation for the table (a table name or `read_parquet('…')`); names come from the schema.
 */
export async function copyToPostgres(
	duck: DuckRunner,
	cluster: PgCluster,
	tables: { spec: TableSpec; source: string; partitions?: PgPartitions }[]
): Promise<void> {
	for (const { spec, source, partitions } of tables) {
		const csv = path.join(cluster.dir, `${spec.name}.csv`);
		const cols = Object.keys(spec.columns).join(', ');
		await duck.run(`COPY (SELECT ${cols} FROM ${source}) TO ${quoteLiteral(csv)} (HEADER, NULL '')`);
		fs.chmodSync(csv, 0o644);
		await cluster.client.query(`DROP TABLE IF EXISTS ${spec.name}`);
		for (const sql of createSql(spec, partitions)) await cluster.client.query(sql);
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

/** Adds the indexes, then VACUUM ANALYZE as after any bulk load: statistics, and a visibility map that allows index-only scans. */
export async function addIndexes(cluster: PgCluster, tables: readonly string[]): Promise<void> {
	for (const t of tables) for (const sql of PG_INDEXES[t] ?? []) await cluster.client.query(sql);
	for (const t of tables) await cluster.client.query(`VACUUM ANALYZE ${t}`);
}

/** Sorts and hashes that spilled to disk in this database since the cluster started: zero when work_mem fits the queries. */
export async function tempFiles(cluster: PgCluster): Promise<{ files: number; bytes: number }> {
	const { rows } = await cluster.client.query<{ files: string; bytes: string }>('SELECT temp_files AS files, temp_bytes AS bytes FROM pg_stat_database WHERE datname = current_database()');
	return { files: Number(rows[0]?.files ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}

/**
 * The query surface of `SnapshotDatabase` over PostgreSQL, so the project's own query functions
 * (`indicatorValues`, `coverageRows`, …) send their exact SQL and bound values to PostgreSQL.
 * Each text becomes a named prepared statement, as DuckDB's pool prepares its statements.
 */
export class PgQueries {
	private readonly names = new Map<string, string>();

	constructor(private readonly client: pg.Client) {}

	/** No table is held the way DuckDB holds one in memory: the query functions send PostgreSQL their whole-table SQL, which its indexes answer (spans.ts is DuckDB's way to the same rows). */
	inMemory(): boolean {
		return false;
	}

	async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
		let name = this.names.get(sql);
		if (!name) {
			name = `q${this.names.size}`;
			this.names.set(sql, name);
		}
		return (await this.client.query<T>({ name, text: sql, values: params })).rows;
	}

	/** `SnapshotDatabase.columns` over PostgreSQL: text columns stay strings, numbers become Float64 with a validity bitmap. */
	async columns(sql: string, params: unknown[] = []): Promise<Columns> {
		const rows = await this.query(sql, params);
		const names = Object.keys(rows[0] ?? {});
		const columns: Record<string, Column> = {};
		for (const name of names) {
			const cells = rows.map((r) => r[name]);
			const nullCount = cells.filter((v) => v === null).length;
			if (cells.every((v) => v === null || typeof v === 'string')) {
				columns[name] = { kind: 'text', values: cells as (string | null)[], valid: null, nullCount };
				continue;
			}
			const valid = new Uint8Array(Math.ceil(rows.length / 8));
			cells.forEach((v, i) => {
				if (v !== null) valid[i >> 3]! |= 1 << (i & 7);
			});
			columns[name] = { kind: 'float64', values: Float64Array.from(cells, (v) => (v === null ? 0 : Number(v))), valid: nullCount ? valid : null, nullCount };
		}
		return { length: rows.length, columns };
	}
}
