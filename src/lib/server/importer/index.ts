import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { toCsv } from '../api/serialise';
import { SnapshotDatabase, quoteLiteral } from '../db';
import { adoptStaged, openBuildDatabase, publishAndPrune, writeStaged } from '../snapshot/build';
import { withPublishLock, type HeldLock } from '../snapshot/lock';
import { BASE_TABLES } from '../snapshot/schema';
import { currentSnapshot, snapshotId, snapshotsDir, verifySnapshotFiles, type Manifest, type Snapshot } from '../snapshot/store';
import { writeLateAnswers } from '../snapshot/answers';
import { installHmacKey, loadHmacKey } from './key';
import { deriveColumns } from './derive';
import { KINDS, KIND_SPECS, REGISTERS, type Kind, type KindSpec, type Register } from './kinds';
import { checkMapping, confirmedMapping, headerProblems, matchColumns, type Mapping, type MappingReport } from './mapping';
import { applyMethods, methodQuestions, type MethodChange, type MethodQuestion } from './methods';
import { loadProfile, matchingProfile, saveProfile } from './profiles';
import { ProgressTracker, type Progress, type Stage } from './progress';
import { headerKey } from './synonyms';
import { appendImportLog } from './log';
import { reconcile } from './reconcile';
import { linkRates, merge, ruleErrors, snapshotChecks, takesReplaceScope, type LinkRate, type MergeContext } from './merge';
import { ERRORS, ImportError, type ErrorCode } from './messages';
import { changes, checkRegionCode, installScopes, needsConfirmation, scopeChecks, snapshotRows, type Change } from './scope';
import { checkFileName, readIntoRaw } from './read';
import { applyChecks, cleanColumns, collectProblems, officialChecks, parsedDate, validate } from './validate';

export { KINDS, KIND_SPECS, REGISTERS, templateCsv, type Kind } from './kinds';
export type { Mapping, MappingReport } from './mapping';
export type { MethodChange, MethodQuestion } from './methods';
export { ImportError, ERRORS } from './messages';
export { verifyImportLog, readImportLog } from './log';

export interface ImportRequest {
	kind: string;
	/** Path of the file to read (an upload is written to a temp file first). */
	file: string;
	/** The name the user gave the file; defaults to the path's base name. */
	fileName?: string;
	register?: string;
	/** Who imports: `--by`, else the USER environment variable. */
	by?: string;
	replace?: boolean;
	/** The importer's region (an account's scope; `ID`, the default, is the whole country): rows outside it are refused. */
	scope?: string;
	/**
	 * A wider replacement, named explicitly: the register (or table) is replaced in this whole region
	 * for the file's periods. Without it a file replaces only the villages × periods (or keys) it holds.
	 */
	replaceScope?: string;
	/** Regions whose large removal (over 10 % of a register's rows) the user confirmed by name. */
	confirmRemoval?: string[];
	/** Stop after the whole-file check (outcome `checked`): the upload page shows it before the admin publishes. */
	dryRun?: boolean;
	/** Data folder (TEPAT_DATA_DIR); snapshots kept after publishing. */
	root: string;
	keep?: number;
	/** Called with each stage name as it starts, and with the whole-file check before publishing. */
	onStage?: (stage: Stage) => void;
	onSummary?: (summary: Summary) => void;
	env?: NodeJS.ProcessEnv;
	/** How long to wait for a publish already running on this data folder (default LOCK_WAIT_MS). */
	lockWaitMs?: number;
	/** Column mapping the user gave (mapping file, the page's mapping step); unchecked JSON is checked here. */
	mapping?: unknown;
	/** A saved profile to apply (`--profile`); without mapping or profile, a saved profile that maps every header is used. */
	profile?: string;
	/** Save the mapping used under this name once every header is mapped (`--save-profile`, the page's field). */
	saveProfile?: string;
	/** Method changes the user declared (series and first year); any other method wording keeps the series' method. */
	methodChanges?: MethodChange[];
	/** Stage, rows read, share done and time left, a few times a second. */
	onProgress?: (progress: Progress) => void;
	/** Aborting it cancels the import (before the publish switch): nothing is published and staging is cleared. */
	signal?: AbortSignal;
}

export type { Progress, Stage } from './progress';

export interface Problem {
	file: string;
	row: number;
	column: string;
	code: ErrorCode;
	message: { id: string; en: string };
	value: string | null;
}

export interface Summary {
	kind: Kind;
	register: Register | null;
	file: string;
	sha256: string;
	rows: number;
	/** Rows per period and the sum of every count/amount column: the whole-file check. */
	periods: { period: number; rows: number }[];
	totals: Record<string, number>;
	/** Row counts of the target table in the current and the staged snapshot. */
	table: { name: string; before: number; after: number };
	linking: LinkRate[];
	/** The named replace scope, or null: only the file's own villages × periods (or keys) are replaced. */
	replaceScope: string | null;
	/** Per register (or table) and regency whose rows change: before → after and how many old rows go. */
	changes: Change[];
	/** Regions where over 10 % of a register's rows go: publishing needs each confirmed by name. */
	confirm: string[];
	/** Official figures whose method wording differs from their series': same method (the default) or a real break? */
	questions: MethodQuestion[];
}

export interface ImportResult {
	/** `unconfirmed`: the file passed, but a large removal was not confirmed; nothing was published. */
	outcome: 'published' | 'checked' | 'rejected' | 'unchanged' | 'unconfirmed';
	snapshot: string | null;
	sha256: string;
	rows: number;
	problems: Problem[];
	problemCount: number;
	rejectsFile: string | null;
	summary: Summary | null;
	/** How the file's columns were matched (null when the file was not read, e.g. `unchanged`). */
	mapping: MappingReport | null;
	/** The profile saved by this run, if one was asked for and every header was mapped. */
	savedProfile: string | null;
}

const MAX_PROBLEMS_RETURNED = 1000;
const STAGED_MEMORY = '1500MB';

/** The file's sha256; a missing or unreadable file (or a folder) is FILE_NOT_FOUND, its path never echoed. */
function sha256File(file: string): string {
	const hash = crypto.createHash('sha256');
	let fd: number;
	try {
		fd = fs.openSync(file, 'r');
	} catch {
		throw new ImportError('FILE_NOT_FOUND');
	}
	const buf = Buffer.alloc(1 << 20);
	try {
		if (!fs.fstatSync(fd).isFile()) throw new ImportError('FILE_NOT_FOUND');
		let n: number;
		while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
	} finally {
		fs.closeSync(fd);
	}
	return hash.digest('hex');
}

/** Loads every base table of the published snapshot into the build database (after checking its files). */
async function loadCurrent(conn: DuckDBConnection, current: Snapshot | null): Promise<void> {
	if (!current) return;
	await verifySnapshotFiles(current.dir, current.manifest);
	for (const spec of BASE_TABLES) {
		const entry = current.manifest.tables[spec.name];
		if (!entry) continue;
		const cols = Object.keys(spec.columns).join(', ');
		await conn.run(`DELETE FROM ${spec.name}`);
		await conn.run(`INSERT INTO ${spec.name} (${cols}) SELECT ${cols} FROM read_parquet(${quoteLiteral(path.join(current.dir, entry.file))})`);
	}
}

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
	return Number((await conn.runAndReadAll(sql)).getRows()[0]?.[0] ?? 0);
}

function writeRejects(root: string, label: string, problems: Problem[]): string {
	const dir = path.join(root, 'rejects');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${label}-rejects.csv`);
	const rows = problems.map((p) => ({ file: p.file, row: p.row, column: p.column, code: p.code, pesan: p.message.id, message: p.message.en, value: p.value }));
	fs.writeFileSync(file, toCsv(rows, ['file', 'row', 'column', 'code', 'pesan', 'message', 'value']));
	return file;
}

async function readProblems(conn: DuckDBConnection, fileName: string): Promise<Problem[]> {
	const rows = (await conn.runAndReadAll('SELECT row::INTEGER, column_name, code, value FROM problems ORDER BY row, column_name')).getRows();
	return rows.map(([row, column, code, value]) => ({
		file: fileName,
		row: Number(row),
		column: String(column),
		code: code as ErrorCode,
		message: ERRORS[code as ErrorCode],
		value: value === null ? null : String(value)
	}));
}

type Counted = 'periods' | 'totals' | 'table';
type Extra = 'linking' | 'replaceScope' | 'changes' | 'confirm' | 'questions';

async function summarise(conn: DuckDBConnection, spec: KindSpec, base: Omit<Summary, Counted | Extra>, before: number): Promise<Omit<Summary, Extra>> {
	const hasPeriod = spec.columns.some((col) => col.name === 'period');
	const periods = hasPeriod
		? ((await conn.runAndReadAll('SELECT period::INTEGER AS period, count(*)::INTEGER AS rows FROM clean GROUP BY 1 ORDER BY 1')).getRowObjectsJS() as unknown as Summary['periods'])
		: [];
	const summed = spec.columns.filter((col) => col.type.t === 'int' && col.name !== 'round' && col.name !== 'round_month' && col.name !== 'months' && col.name !== 'decile');
	const totals: Record<string, number> = {};
	if (summed.length) {
		const row = (await conn.runAndReadAll(`SELECT ${summed.map((col) => `sum(${col.name})::DOUBLE`).join(', ')} FROM clean`)).getRows()[0] ?? [];
		summed.forEach((col, i) => (totals[col.name] = Number(row[i] ?? 0)));
	}
	return { ...base, periods, totals, table: { name: spec.kind, before, after: await count(conn, `SELECT count(*) FROM ${spec.kind}`) } };
}

function parseKind(kind: string, register: string | undefined): { spec: KindSpec; register: Register | null } {
	if (!(KINDS as readonly string[]).includes(kind)) throw new ImportError('BAD_KIND', kind.replace(/[^\w-]/g, '').slice(0, 40));
	const spec = KIND_SPECS[kind as Kind];
	if (spec.kind !== 'households') return { spec, register: null };
	if (!register || !(REGISTERS as readonly string[]).includes(register)) throw new ImportError('REGISTER_REQUIRED');
	return { spec, register: register as Register };
}

const sameSource = (a: Manifest['sources'][number], kind: Kind, register: Register | null) => a.kind === kind && (a.register ?? null) === register;

/**
 * The manifest's sources after this import. A partial file leaves the rows of earlier files in place,
 * so their entries stay; only an earlier import of the very same file is dropped (it is listed anew).
 */
function nextSources(current: Manifest | undefined, entry: Manifest['sources'][number]): Manifest['sources'] {
	const kept = (current?.sources ?? []).filter((s) => !(s.sha256 === entry.sha256 && s.kind === entry.kind && s.register === entry.register));
	return [...kept, entry];
}

/**
 * Imports one file: validates it in DuckDB, pseudonymises NIK/KK, merges it into a staging copy of
 * the published snapshot, rebuilds every aggregate there, checks the result and only then switches
 * `current`. Any problem leaves the published snapshot untouched and returns the full problem list.
 */
export async function importFile(req: ImportRequest): Promise<ImportResult> {
	const root = path.resolve(req.root);
	const fileName = req.fileName ?? path.basename(req.file);
	const by = (req.by ?? req.env?.USER ?? process.env.USER ?? 'unknown').replace(/[^\w .@-]/g, '').slice(0, 60) || 'unknown';
	const logBase = { by, action: 'import' as const, kind: req.kind.replace(/[^\w-]/g, '').slice(0, 40), register: req.register, replace_scope: req.replaceScope?.replace(/[^\w.]/g, '').slice(0, 20) || undefined, file: fileName.replace(/[^\w .()-]/g, '_').slice(0, 160) };
	const tracker = new ProgressTracker(req.dryRun ?? false, req.onProgress, req.signal);
	const stage = (s: Stage) => {
		tracker.stage(s);
		req.onStage?.(s);
	};
	let sha = '';
	// Everything, the failure log included, happens holding the lock, so the log's hash chain never forks.
	return withPublishLock(
		root,
		async (lock) => {
			reconcile(root);
			try {
				const format = checkFileName(fileName);
				const { spec, register } = parseKind(req.kind, req.register);
				const scope = checkRegionCode(req.scope ?? 'ID', 'BAD_SCOPE');
				const replaceScope = req.replaceScope ? checkRegionCode(req.replaceScope, 'BAD_REPLACE_SCOPE') : null;
				if (replaceScope && !takesReplaceScope(spec.kind)) throw new ImportError('REPLACE_SCOPE_NOT_APPLICABLE', spec.kind);
				const key = loadHmacKey(root, req.env);
				sha = sha256File(req.file);
				// Read only now, holding the lock: a publish that waited merges onto the one before it.
				const current = currentSnapshot(root);
				const lastKey = current?.manifest.sources.findLast((s) => s.key_id)?.key_id;
				if (lastKey && lastKey !== key.id) throw new ImportError('HMAC_KEY_CHANGED');
				const previous_snapshot = current?.manifest.id ?? null;
				const intend = (snapshot: string, rows: number) => appendImportLog(root, { ...logBase, outcome: 'publishing', sha256: sha, rows, snapshot, previous_snapshot });
				tracker.throwIfCancelled();
				const result = await runImport({ ...req, root, fileName, by, format, spec, register, key, sha, current, stage, lock, scope, replaceScope, intend, tracker });
				appendImportLog(root, { ...logBase, outcome: result.outcome, sha256: sha, rows: result.rows, problems: result.problemCount, snapshot: result.snapshot, previous_snapshot });
				if (result.outcome === 'published' && result.snapshot) await answersAfterPublish(root, result.snapshot, stage);
				return result;
			} catch (caught) {
				// A statement interrupted by a cancel fails with DuckDB's own error: it is the cancel.
				const err = req.signal?.aborted && !(caught instanceof ImportError) ? new ImportError('CANCELLED') : caught;
				// An intent logged before the error is settled first (published if `current` moved, else abandoned).
				reconcile(root);
				appendImportLog(root, { ...logBase, outcome: 'failed', code: err instanceof ImportError ? err.code : 'INTERNAL', sha256: sha || undefined });
				throw err;
			}
		},
		req.lockWaitMs
	);
}

/**
 * The answers written ahead (values, workbench) of a snapshot just published and logged (still holding the lock, so no other
 * import prunes it meanwhile). The import has succeeded by then: a failure here is logged and the
 * server answers from the tables, as it does until `answers.json` appears.
 */
async function answersAfterPublish(root: string, snapshot: string, stage: (s: Stage) => void): Promise<void> {
	stage('answers');
	try {
		await writeLateAnswers(path.join(snapshotsDir(root), snapshot));
	} catch (err) {
		console.error(`snapshot ${snapshot}: answers not written (${err instanceof Error ? err.message : String(err)}); the server answers from the tables`);
	}
}

interface RunContext extends Omit<ImportRequest, 'register' | 'scope' | 'replaceScope'> {
	scope: string;
	replaceScope: string | null;
	fileName: string;
	by: string;
	format: ReturnType<typeof checkFileName>;
	spec: KindSpec;
	register: Register | null;
	key: ReturnType<typeof loadHmacKey>;
	sha: string;
	current: Snapshot | null;
	stage: (s: Stage) => void;
	lock: HeldLock;
	/** Logs the intent to publish the staged snapshot, before `current` is switched. */
	intend: (snapshot: string, rows: number) => void;
	tracker: ProgressTracker;
}

/**
 * The mapping to apply: the one the user gave, else the named profile, else a saved profile of this
 * kind that maps every header of the file (reused without being asked), else none (names and synonyms).
 */
function resolveMapping(ctx: RunContext, headers: string[]): { mapping: Mapping | null; profile: string | null } {
	if (ctx.mapping !== undefined && ctx.mapping !== null) return { mapping: checkMapping(ctx.spec, ctx.mapping), profile: null };
	if (ctx.profile) {
		const profile = loadProfile(ctx.root, ctx.spec.kind, ctx.profile);
		return { mapping: profile, profile: profile.name };
	}
	const found = matchingProfile(ctx.root, ctx.spec.kind, headers.map(headerKey));
	return { mapping: found, profile: found?.name ?? null };
}

const ADDRESS_FIELDS = ['address', 'dusun', 'rt', 'rw'] as const;

/** Positions of the address columns of a household file, or null when it has none. */
function addressPositions(positions: Map<string, number>): Record<(typeof ADDRESS_FIELDS)[number], number | null> | null {
	const found = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, positions.get(f) ?? null])) as Record<(typeof ADDRESS_FIELDS)[number], number | null>;
	return Object.values(found).some((p) => p !== null) ? found : null;
}

/** The address cells of the valid rows, for the restricted `household_addresses` table. */
async function keepAddresses(conn: DuckDBConnection, at: NonNullable<ReturnType<typeof addressPositions>>, rowOffset: number): Promise<void> {
	const cols = ADDRESS_FIELDS.map((f) => `${at[f] ? `left(c${at[f]}, 200)` : 'NULL::VARCHAR'} AS ${f}`).join(', ');
	await conn.run(`CREATE OR REPLACE TEMP TABLE clean_addresses AS
		SELECT r.__row, ${ADDRESS_FIELDS.join(', ')} FROM (SELECT rowid + ${rowOffset} AS __row, ${cols} FROM raw_in) r SEMI JOIN clean c ON c.__row = r.__row`);
}

async function runImport(ctx: RunContext): Promise<ImportResult> {
	const { spec, register, current, fileName, sha, root } = ctx;
	const empty = { sha256: sha, problems: [], problemCount: 0, rejectsFile: null, summary: null, mapping: null, savedProfile: null };
	// Unchanged only when nothing of the same kind and register came after this file (a later partial file may have overwritten some of its villages)
	// and it was published with the same replace scope: the same file over a wider named region replaces more.
	const last = current?.manifest.sources.findLast((s) => sameSource(s, spec.kind, register));
	const already = last?.sha256 === sha && (last.scope?.split('@')[1] ?? null) === (ctx.replaceScope ?? null);
	if (already) return { ...empty, outcome: 'unchanged', snapshot: current?.manifest.id ?? null, rows: 0 };

	// The published snapshot's regions replace the master's (loadCurrent), so the master is not loaded first.
	const db = await openBuildDatabase(undefined, { master: !current?.manifest.tables.regions });
	const { conn } = db;
	try {
		await conn.run(`SET memory_limit = '${STAGED_MEMORY}'`);
		if (ctx.onProgress || ctx.signal) {
			await conn.run('SET enable_progress_bar = true');
			await conn.run('SET enable_progress_bar_print = false');
			ctx.tracker.attach(conn);
		}
		await conn.run(`SET temp_directory = ${quoteLiteral(path.join(os.tmpdir(), `tepat-import-${process.pid}`))}`);
		ctx.stage('read');
		await loadCurrent(conn, current);
		await installScopes(conn, ctx.scope, ctx.replaceScope);
		const raw = await readIntoRaw(conn, ctx.file, ctx.format);
		const rows = await count(conn, 'SELECT count(*) FROM raw_in');
		ctx.tracker.setRows(rows);
		const label = `${snapshotId(`import-${spec.kind}`)}-${sha.slice(0, 8)}`;
		if (rows === 0) throw new ImportError('EMPTY_FILE');
		const rowOffset = ctx.format === 'parquet' ? 1 : 2;
		const mapping = resolveMapping(ctx, raw.headers);
		const report = matchColumns(spec, raw.headers, mapping.mapping, mapping.profile);
		const positions = await deriveColumns(conn, spec, report, rowOffset, parsedDate);
		const fromHeaders = headerProblems(spec, report);
		const savedProfile = ctx.saveProfile && fromHeaders.length === 0 ? saveProfile(root, spec.kind, ctx.saveProfile, confirmedMapping(report), ctx.by).name : null;
		const done = { ...empty, mapping: report, savedProfile };
		const reject = (problems: Problem[], problemCount = problems.length): ImportResult => ({
			...done,
			outcome: 'rejected',
			snapshot: null,
			rows,
			problems: problems.slice(0, MAX_PROBLEMS_RETURNED),
			problemCount,
			rejectsFile: writeRejects(root, label, problems)
		});

		// Header problems never stop the value checks: every column that could be matched is checked, and both are reported.
		ctx.stage('validate');
		const mctx: MergeContext = { conn, register: register ?? undefined, replace: ctx.replace ?? false, addresses: spec.kind === 'households' ? addressPositions(positions) : null };
		await installHmacKey(conn, ctx.key);
		await conn.run(`CREATE OR REPLACE TEMP TABLE id_prefixes AS
			SELECT DISTINCT replace(code, '.', '') AS prefix FROM regions WHERE level = 'district'
			UNION SELECT DISTINCT replace(from_code, '.', '') FROM region_crosswalk WHERE length(replace(from_code, '.', '')) = 6`);
		const extraChecks = [...scopeChecks(spec, ctx.scope), ...(spec.kind === 'official_indicators' ? officialChecks() : []), ...snapshotChecks(spec.kind, mctx)];
		await validate(conn, { spec, positions, rowOffset, decimalComma: raw.decimalComma });
		if (spec.kind === 'programmes') {
			for (const row of await ruleErrors(conn)) await conn.run(`UPDATE typed SET e_eligibility_rule = 'BAD_RULE' WHERE __row = $1`, [row]);
		}
		const valid = spec.columns.map((col) => `e_${col.name} IS NULL`).join(' AND ');
		await conn.run(`CREATE OR REPLACE TABLE clean AS SELECT __row, ${cleanColumns(spec)} FROM typed WHERE ${valid}`);
		await applyChecks(conn, extraChecks);
		await collectProblems(conn, spec, positions, rowOffset);
		const problemCount = fromHeaders.length + (await count(conn, 'SELECT count(*) FROM problems'));
		if (problemCount > 0) {
			const headerRows = fromHeaders.map((h): Problem => ({ file: fileName, row: 1, column: h.column, code: h.code, message: ERRORS[h.code], value: h.value }));
			return reject([...headerRows, ...(await readProblems(conn, fileName))], problemCount);
		}
		const questions = spec.kind === 'official_indicators' ? await methodQuestions(conn, ctx.methodChanges ?? []) : [];
		if (spec.kind === 'official_indicators') await applyMethods(conn);
		const addresses = spec.kind === 'households' ? addressPositions(positions) : null;
		if (addresses) await keepAddresses(conn, addresses, rowOffset);

		ctx.stage('merge');
		const before = await count(conn, `SELECT count(*) FROM ${spec.kind}`);
		await snapshotRows(conn, spec.kind, register, 'rows_before');
		// Other registers' flags do not change with this merge, so matches are counted on the smaller table before it (children: after, on their links).
		const linked = spec.kind === 'children' ? null : await linkRates(spec.kind, mctx);
		await merge(spec.kind, mctx);
		const changed = await changes(conn, spec.kind, register);
		const linking = linked ?? (await linkRates(spec.kind, mctx));
		const summary: Summary = {
			...(await summarise(conn, spec, { kind: spec.kind, register, file: fileName, sha256: sha, rows }, before)),
			linking,
			replaceScope: ctx.replaceScope,
			changes: changed,
			confirm: needsConfirmation(changed),
			questions
		};
		ctx.onSummary?.(summary);
		if (ctx.dryRun) return { ...done, outcome: 'checked', snapshot: null, rows, summary };
		const confirmed = new Set(ctx.confirmRemoval ?? []);
		if (summary.confirm.some((area) => !confirmed.has(area))) return { ...done, outcome: 'unconfirmed', snapshot: null, rows, summary };
		for (const t of ['raw_in', 'typed', 'clean', 'problems', 'clean_addresses']) await conn.run(`DROP TABLE IF EXISTS ${t}`);

		ctx.stage('build');
		const periods = summary.periods.map((p) => p.period).join(',');
		const scope = `${register ? `${register}:` : ''}${periods}${ctx.replaceScope ? `@${ctx.replaceScope}` : ''}` || undefined;
		const sources = nextSources(current?.manifest, {
			name: fileName,
			sha256: sha,
			kind: spec.kind,
			register: register ?? undefined,
			scope,
			rows,
			imported_by: ctx.by,
			imported_at: new Date().toISOString(),
			key_id: ctx.key.id
		});
		const dir = await writeStaged(conn, root, { id: label, synthetic: current?.manifest.synthetic ?? false, generator: current?.manifest.generator, sources, answers: false });

		ctx.stage('verify');
		try {
			const staged = await SnapshotDatabase.open(dir);
			try {
				await verifySnapshotFiles(dir, staged.manifest);
				const published = staged.manifest.tables[spec.kind]?.rows;
				if (published !== summary.table.after) throw new Error(`${spec.kind}: ${published} rows written, ${summary.table.after} expected`);
			} finally {
				staged.close();
			}
		} catch (err) {
			fs.rmSync(dir, { recursive: true, force: true });
			throw err;
		}

		ctx.lock.assertHeld();
		ctx.intend(label, rows);
		ctx.stage('publish');
		adoptStaged(root, label);
		publishAndPrune(root, label, ctx.keep ?? 5);
		ctx.stage('log');
		return { ...done, outcome: 'published', snapshot: label, rows, summary };
	} finally {
		ctx.tracker.detach();
		db.close();
	}
}
