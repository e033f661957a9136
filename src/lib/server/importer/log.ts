import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `import-log.jsonl`: one JSON line per import attempt or rollback, each carrying the hash of the
 * line before it. Editing, deleting or reordering a line breaks every later `prev`, so tampering
 * shows in `verifyImportLog`. Entries hold file hashes, counts and codes, never a NIK or a name.
 * A publish writes its intent (`publishing`, with the staged snapshot) before switching `current`
 * and its result after; `reconcile.ts` completes an intent whose process died in between.
 */
export interface LogEntry {
	seq: number;
	at: string;
	by: string;
	action: 'import' | 'rollback';
	outcome: 'publishing' | 'published' | 'abandoned' | 'checked' | 'rejected' | 'unchanged' | 'unconfirmed' | 'failed';
	/** Written by the reconciliation pass for an intent whose process died before logging its result. */
	reconciled?: boolean;
	kind?: string;
	register?: string;
	/** A replacement wider than the file's own villages, named by the importer. */
	replace_scope?: string;
	file?: string;
	sha256?: string;
	rows?: number;
	problems?: number;
	code?: string;
	snapshot?: string | null;
	previous_snapshot?: string | null;
	prev: string;
	hash: string;
}

export const importLogPath = (root: string) => path.join(root, 'import-log.jsonl');
const GENESIS = '0'.repeat(64);

const entryHash = (entry: Omit<LogEntry, 'hash'>) => crypto.createHash('sha256').update(JSON.stringify(entry)).digest('hex');

function readLines(root: string): string[] {
	const file = importLogPath(root);
	if (!fs.existsSync(file)) return [];
	return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
}

export function readImportLog(root: string): LogEntry[] {
	return readLines(root).map((l) => JSON.parse(l) as LogEntry);
}

export type LogVerdict = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Recomputes the chain; `brokenAt` is the 1-based line where it first fails. */
export function verifyImportLog(root: string): LogVerdict {
	const lines = readLines(root);
	let prev = GENESIS;
	for (let i = 0; i < lines.length; i++) {
		let entry: LogEntry;
		try {
			entry = JSON.parse(lines[i] ?? '') as LogEntry;
		} catch {
			return { ok: false, entries: lines.length, brokenAt: i + 1, reason: 'not JSON' };
		}
		const { hash, ...rest } = entry;
		if (entry.prev !== prev) return { ok: false, entries: lines.length, brokenAt: i + 1, reason: 'prev does not match the line before' };
		if (entryHash(rest) !== hash) return { ok: false, entries: lines.length, brokenAt: i + 1, reason: 'hash does not match the line' };
		if (entry.seq !== i + 1) return { ok: false, entries: lines.length, brokenAt: i + 1, reason: 'sequence gap' };
		prev = hash;
	}
	return { ok: true, entries: lines.length };
}

/** Appends one entry (fsynced) chained to the last line. */
export function appendImportLog(root: string, entry: Omit<LogEntry, 'seq' | 'prev' | 'hash' | 'at'> & { at?: string }): LogEntry {
	const lines = readLines(root);
	const last = lines.length ? (JSON.parse(lines[lines.length - 1] ?? '') as LogEntry) : null;
	const body: Omit<LogEntry, 'hash'> = { seq: lines.length + 1, at: entry.at ?? new Date().toISOString(), ...entry, prev: last?.hash ?? GENESIS };
	const full: LogEntry = { ...body, hash: entryHash(body) };
	fs.mkdirSync(root, { recursive: true });
	const fd = fs.openSync(importLogPath(root), 'a');
	try {
		fs.writeSync(fd, `${JSON.stringify(full)}\n`);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	return full;
}
