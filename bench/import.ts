import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../src/lib/server/db';
import { buildSnapshot, openBuildDatabase, publishAndPrune } from '../src/lib/server/snapshot/build';
import { importFile } from '../src/lib/server/importer';
import { BASE_TABLES } from '../src/lib/server/snapshot/schema';
import { hmacSql, installHmacKey, loadHmacKey } from '../src/lib/server/importer/key';

export interface ImportBench {
	rows: number;
	csvBytes: number;
	/**
	 * The fair reference, same machine, same run: one DuckDB statement that reads the CSV, casts and
	 * checks every column as the importer does (16-digit KK with a known district prefix and a valid
	 * date, village code in the region master, year, ranges), HMACs the KK and writes Parquet.
	 */
	referenceSeconds: number;
	/**
	 * The same statement writing its rows in the order a snapshot's households file keeps
	 * (`ORDER BY period, village_code, household_id`, so the same data gives the same bytes): the
	 * share of the gap that is that sort. Shown beside the ratio, never instead of it.
	 */
	sortedReferenceSeconds: number;
	/** The import until its data is served: read, map, validate, hash, merge, aggregate build, Parquet, verify, publish, log. */
	importSeconds: number;
	/** The answers written ahead (values, then the workbench's) after the publish (the `answers` stage): until they are there, the server answers from the tables. */
	answersSeconds: number;
	/** importSeconds ÷ referenceSeconds; the budget is 2. */
	ratio: number;
	/** importSeconds ÷ sortedReferenceSeconds. */
	sortedRatio: number;
	/** Peak resident memory of this process (bytes); run the bench in a fresh process for a clean figure. */
	peakRssBytes: number;
	outcome: string;
	/** Seconds spent in each stage of the import. */
	stages: Record<string, number>;
}

const KEY_ENV = { TEPAT_HMAC_KEY: 'bench-key-not-secret-0123456789abcdef' };

/** A CSV of `rows` valid households in the Samboja villages, written by DuckDB (seconds for 1 M rows). */
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

const HOUSEHOLD_ORDER = BASE_TABLES.find((t) => t.name === 'households')?.orderBy ?? '';

/**
 * The reference statement: everything the importer must do to one row, in one COPY, with nothing
 * around it; `sorted` writes the rows in the snapshot's households order.
 */
async function timeReference(file: string, out: string, sorted = false): Promise<number> {
	const db = await openBuildDatabase();
	const { conn } = db;
	try {
		await installHmacKey(conn, loadHmacKey(path.dirname(out), KEY_ENV));
		await conn.run(`CREATE TEMP TABLE prefixes AS SELECT DISTINCT replace(code, '.', '') AS prefix FROM regions WHERE level = 'district'`);
		const started = performance.now();
		await conn.run(`COPY (
			WITH raw AS (SELECT * FROM read_csv(${quoteLiteral(file)}, header = true, all_varchar = true)),
			typed AS (
				SELECT no_kk, kode_desa, TRY_CAST(periode AS SMALLINT) AS period, TRY_CAST(desil AS TINYINT) AS decile,
					TRY_CAST(jumlah_anggota AS TINYINT) AS members, TRY_CAST(balita AS TINYINT) AS under_five,
					CASE WHEN lower(tanpa_air_layak) IN ('1', 'true', 'ya') THEN true WHEN lower(tanpa_air_layak) IN ('0', 'false', 'tidak') THEN false END AS no_safe_water
				FROM raw
			)
			SELECT ${hmacSql('no_kk')} AS household_id, r.code AS village_code, period, decile, members, under_five, no_safe_water,
				CASE WHEN NOT regexp_matches(no_kk, '^[0-9]{16}$') THEN 'ID_NOT_16_DIGITS'
					WHEN substr(no_kk, 1, 6) NOT IN (SELECT prefix FROM prefixes) THEN 'ID_BAD_REGION'
					WHEN try(make_date(2000 + TRY_CAST(substr(no_kk, 11, 2) AS INTEGER), TRY_CAST(substr(no_kk, 9, 2) AS INTEGER), TRY_CAST(substr(no_kk, 7, 2) AS INTEGER))) IS NULL THEN 'ID_BAD_DATE'
					WHEN r.code IS NULL THEN 'UNKNOWN_REGION'
					WHEN period NOT BETWEEN 2000 AND 2100 THEN 'BAD_PERIOD'
					WHEN decile NOT BETWEEN 1 AND 10 OR members NOT BETWEEN 1 AND 50 OR under_five NOT BETWEEN 0 AND 50 THEN 'OUT_OF_RANGE'
				END AS problem
			FROM typed LEFT JOIN regions r ON r.code = typed.kode_desa AND r.level = 'village'${sorted ? `
			ORDER BY ${HOUSEHOLD_ORDER}` : ''}
		) TO ${quoteLiteral(out)} (FORMAT parquet, COMPRESSION zstd)`);
		return (performance.now() - started) / 1000;
	} finally {
		db.close();
	}
}

/** Times only the import of `file` into an empty data folder under `work`: seconds per stage, outcome. */
async function timeImport(file: string, work: string): Promise<Pick<ImportBench, 'importSeconds' | 'answersSeconds' | 'stages' | 'outcome'>> {
	const root = path.join(work, 'data');
	const db = await openBuildDatabase();
	try {
		await buildSnapshot(db.conn, root, { id: '20000101T000000Z-base', synthetic: false });
		publishAndPrune(root, '20000101T000000Z-base');
	} finally {
		db.close();
	}
	const started = performance.now();
	const stages: Record<string, number> = {};
	let last = { name: 'start', at: started };
	const mark = (name: string) => {
		const at = performance.now();
		stages[last.name] = (at - last.at) / 1000;
		last = { name, at };
	};
	const result = await importFile({ onStage: mark, kind: 'households', register: 'dtks', file, root, by: 'bench', env: KEY_ENV });
	mark('end');
	const answersSeconds = stages.answers ?? 0;
	return { importSeconds: (performance.now() - started) / 1000 - answersSeconds, answersSeconds, stages, outcome: result.outcome };
}

/** Imports `rows` household rows from CSV into an empty data folder and times it against the reference statement, in this process. */
export async function benchImport(rows = 1_000_000): Promise<ImportBench> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-bench-'));
	try {
		const file = path.join(work, 'dtks.csv');
		await writeHouseholdsCsv(file, rows);
		// The reference runs before and after the import and its faster run counts: the ratio never flatters the importer on a busy machine.
		const before = await timeReference(file, path.join(work, 'reference-1.parquet'));
		const imported = await timeImport(file, work);
		const referenceSeconds = Math.min(before, await timeReference(file, path.join(work, 'reference-2.parquet')));
		const sortedReferenceSeconds = Math.min(await timeReference(file, path.join(work, 'reference-3.parquet'), true), await timeReference(file, path.join(work, 'reference-4.parquet'), true));
		return {
			rows,
			csvBytes: fs.statSync(file).size,
			referenceSeconds,
			sortedReferenceSeconds,
			...imported,
			ratio: imported.importSeconds / referenceSeconds,
			sortedRatio: imported.importSeconds / sortedReferenceSeconds,
			peakRssBytes: process.resourceUsage().maxRSS * 1024
		};
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

export interface LargeImportBench {
	rows: number;
	csvBytes: number;
	importSeconds: number;
	outcome: string;
	stages: Record<string, number>;
	/** Peak resident memory of a fresh process that did nothing but this import (bytes); the budget is 4 GiB. */
	peakRssBytes: number;
}

/** Entry of the child process: imports a CSV already written and prints its figures as JSON. */
export async function importInThisProcess(file: string, work: string): Promise<void> {
	const figures = await timeImport(file, work);
	process.stdout.write(`${JSON.stringify({ ...figures, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

/** Imports `rows` households (10 M by default) in a fresh process, so its peak memory is the import's own. */
export async function benchLargeImport(rows = 10_000_000): Promise<LargeImportBench> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-large-'));
	try {
		const file = path.join(work, 'dtks.csv');
		await writeHouseholdsCsv(file, rows);
		const self = fileURLToPath(import.meta.url);
		const code = `const m = await import(${JSON.stringify(self)}); await m.importInThisProcess(${JSON.stringify(file)}, ${JSON.stringify(work)});`;
		const out = await new Promise<string>((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
			let text = '';
			child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
			child.on('close', (status) => (status === 0 ? resolve(text) : reject(new Error(`large import bench exited ${status}`))));
		});
		const figures = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Omit<LargeImportBench, 'rows' | 'csvBytes'>;
		return { rows, csvBytes: fs.statSync(file).size, ...figures };
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}
