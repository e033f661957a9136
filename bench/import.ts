import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../src/lib/server/db';
import { buildSnapshot, openBuildDatabase, publishAndPrune } from '../src/lib/server/snapshot/build';
import { importFile } from '../src/lib/server/importer';

export interface ImportBench {
	rows: number;
	csvBytes: number;
	/** A bare DuckDB COPY of the same CSV into a typed table, same machine, same run. */
	copySeconds: number;
	/** The whole import: read, validate, hash, merge, aggregate build, Parquet, verify, publish. */
	importSeconds: number;
	ratio: number;
	/** Peak resident memory of this process (bytes); run the bench in a fresh process for a clean figure. */
	peakRssBytes: number;
	outcome: string;
	/** Seconds spent in each stage of the import. */
	stages: Record<string, number>;
}

/** A CSV of `rows` valid households in the three Samboja villages, written by DuckDB (seconds for 1 M rows). */
async function writeHouseholdsCsv(file: string, rows: number): Promise<void> {
	const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
	const conn = await inst.connect();
	try {
		await conn.run(`COPY (
			SELECT '640213' || strftime(DATE '2010-01-01' + (i // 9999)::INTEGER, '%d%m%y') || lpad(((i % 9999) + 1)::VARCHAR, 4, '0') AS no_kk,
				'64.02.13.' || (1007 + i % 7)::VARCHAR AS kode_desa, 2024 AS periode, (i % 10) + 1 AS desil, (i % 6) + 1 AS jumlah_anggota,
				i % 2 AS balita, i % 3 = 0 AS tanpa_air_layak
			FROM range(${Math.floor(rows)}) t(i)) TO ${quoteLiteral(file)} (HEADER)`);
	} finally {
		conn.closeSync();
		inst.closeSync();
	}
}

async function timeCopy(file: string): Promise<number> {
	const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
	const conn = await inst.connect();
	try {
		await conn.run('CREATE TABLE h (no_kk VARCHAR, kode_desa VARCHAR, periode SMALLINT, desil TINYINT, jumlah_anggota TINYINT, balita TINYINT, tanpa_air_layak BOOLEAN)');
		const started = performance.now();
		await conn.run(`COPY h FROM ${quoteLiteral(file)} (HEADER)`);
		return (performance.now() - started) / 1000;
	} finally {
		conn.closeSync();
		inst.closeSync();
	}
}

/** Imports `rows` household rows from CSV into an empty data folder and times it against a bare COPY. */
export async function benchImport(rows = 1_000_000): Promise<ImportBench> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-bench-'));
	try {
		const file = path.join(work, 'dtks.csv');
		await writeHouseholdsCsv(file, rows);
		const root = path.join(work, 'data');
		const db = await openBuildDatabase();
		try {
			await buildSnapshot(db.conn, root, { id: '20000101T000000Z-base', synthetic: false });
			publishAndPrune(root, '20000101T000000Z-base');
		} finally {
			db.close();
		}
		const copySeconds = await timeCopy(file);
		const started = performance.now();
		const stages: Record<string, number> = {};
		let last = { name: 'start', at: started };
		const mark = (name: string) => {
			const at = performance.now();
			stages[last.name] = (at - last.at) / 1000;
			last = { name, at };
		};
		const result = await importFile({
			onStage: mark,
			kind: 'households',
			register: 'dtks',
			file,
			root,
			by: 'bench',
			env: { TEPAT_HMAC_KEY: 'bench-key-not-secret-0123456789abcdef' }
		});
		mark('end');
		const importSeconds = (performance.now() - started) / 1000;
		return {
			rows,
			csvBytes: fs.statSync(file).size,
			copySeconds,
			importSeconds,
			ratio: importSeconds / copySeconds,
			peakRssBytes: process.resourceUsage().maxRSS * 1024,
			outcome: result.outcome,
			stages
		};
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}
