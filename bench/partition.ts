import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../src/lib/server/db';
import { readManifest } from '../src/lib/server/snapshot/store';

/** The household-level tables: the ones a national build spreads over many machines. */
export const PARTITIONED_TABLES = ['households', 'distributions'] as const;

export interface PartitionedTable {
	table: string;
	rows: number;
	files: number;
	provinces: number;
	/** Same row count and same sum of row hashes as the snapshot's file when read back. */
	identical: boolean;
	seconds: number;
}

/**
 * Writes a snapshot's household-level tables as Hive-partitioned Parquet
 * (`<out>/<table>/province=63/data_0.parquet`), the layout Spark and Trino read and write, then
 * reads each back through `hive_partitioning` and compares it with the snapshot's file.
 * Table names come from PARTITIONED_TABLES, paths are quoted literals.
 */
export async function writePartitioned(snapshotDir: string, outDir: string): Promise<PartitionedTable[]> {
	const manifest = readManifest(snapshotDir);
	const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
	const conn = await instance.connect();
	const out: PartitionedTable[] = [];
	try {
		for (const table of PARTITIONED_TABLES) {
			const entry = manifest.tables[table];
			if (!entry) throw new Error(`snapshot ${manifest.id} has no ${table}`);
			const source = `read_parquet(${quoteLiteral(path.join(snapshotDir, entry.file))})`;
			const target = path.join(outDir, table);
			fs.rmSync(target, { recursive: true, force: true });
			// DuckDB creates the partition folders but not their parent.
			fs.mkdirSync(outDir, { recursive: true });
			const t0 = performance.now();
			await conn.run(
				`COPY (SELECT *, substr(village_code, 1, 2) AS province FROM ${source}) TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (province))`
			);
			const seconds = (performance.now() - t0) / 1000;
			const back = `(SELECT * EXCLUDE (province) FROM read_parquet(${quoteLiteral(path.join(target, '**', '*.parquet'))}, hive_partitioning = true))`;
			// Order-independent fingerprint of the multiset of rows: row count and the sum of row hashes.
			const fingerprint = async (relation: string) => {
				const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT::VARCHAR, sum(hash(t)::HUGEINT)::VARCHAR FROM ${relation} t`);
				return (r.getRows()[0] ?? []).map(String);
			};
			const [rows, sourceHash] = await fingerprint(source);
			const [backRows, backHash] = await fingerprint(back);
			const provinces = fs.readdirSync(target).filter((d) => d.startsWith('province=')).length;
			const files = fs.readdirSync(target, { recursive: true }).filter((f) => String(f).endsWith('.parquet')).length;
			out.push({ table, rows: Number(rows), files, provinces, identical: rows === backRows && sourceHash === backHash, seconds });
		}
	} finally {
		conn.closeSync();
		instance.closeSync();
	}
	return out;
}
