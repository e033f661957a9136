import { createHash } from 'node:crypto';
import type { Principal } from './policy';
import type { Queries, Store } from './store';

/**
 * Append-only audit log of by-name views and exports and of changes to accounts. Each entry's hash covers its fields and the
 * previous entry's hash, so changing or deleting any row breaks every later link; triggers (in
 * SQLite and in PostgreSQL) also refuse UPDATE and DELETE.
 */
export interface AuditEntry {
	seq: number;
	at: string;
	user_id: number;
	username: string;
	action: string;
	filter: string;
	row_count: number;
	purpose: string;
	prev_hash: string;
	hash: string;
}

const GENESIS = '0'.repeat(64);

function entryHash(e: Omit<AuditEntry, 'hash'>): string {
	const fields = [e.seq, e.at, e.user_id, e.username, e.action, e.filter, e.row_count, e.purpose, e.prev_hash];
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Account changes name the account in `filter`, never a password. */
export type AccountAction = 'account.create' | 'account.disable' | 'account.enable' | 'account.reset' | 'account.password';

export interface AuditRecord {
	/** Opening or downloading a by-name list; exporting or printing a verification form; importing a filled one; account changes. */
	action: 'byname.view' | 'byname.export' | 'verval.form' | 'verval.print' | 'verval.import' | AccountAction;
	filter: Record<string, unknown>;
	rowCount: number;
	purpose: string;
}

/**
 * Appends the next link. Reading the chain head and inserting after it happen in one `exclusive`
 * transaction, so two instances appending at once never both link to the same head.
 */
export function appendAudit(store: Store, user: Principal, rec: AuditRecord, now = new Date()): Promise<AuditEntry> {
	return store.exclusive((tx) => appendAuditIn(tx, user, rec, now));
}

/** Appends the next link inside `tx`, an `exclusive` transaction that may also make the change the entry records. */
export async function appendAuditIn(tx: Queries, user: Pick<Principal, 'id' | 'username'>, rec: AuditRecord, now = new Date()): Promise<AuditEntry> {
	const last = await tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
	const base = {
		seq: (last?.seq ?? 0) + 1,
		at: now.toISOString(),
		user_id: user.id,
		username: user.username,
		action: rec.action,
		filter: JSON.stringify(rec.filter),
		row_count: rec.rowCount,
		purpose: rec.purpose,
		prev_hash: last?.hash ?? GENESIS
	};
	const entry = { ...base, hash: entryHash(base) };
	await tx.run('INSERT INTO audit_log (seq, at, user_id, username, action, filter, row_count, purpose, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
		entry.seq,
		entry.at,
		entry.user_id,
		entry.username,
		entry.action,
		entry.filter,
		entry.row_count,
		entry.purpose,
		entry.prev_hash,
		entry.hash
	]);
	return entry;
}

export function readAudit(store: Store, limit = 200, before?: number): Promise<AuditEntry[]> {
	return store.all<AuditEntry>('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?', [before ?? Number.MAX_SAFE_INTEGER, limit]);
}

const VERIFY_PAGE = 1_000;

/** Walks the whole chain, a page at a time; returns the first broken sequence number, or null when intact. */
export async function verifyAudit(store: Store): Promise<{ ok: true; entries: number } | { ok: false; brokenAt: number }> {
	let prev = GENESIS;
	let expectedSeq = 1;
	for (;;) {
		const page = await store.all<AuditEntry>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?', [expectedSeq, VERIFY_PAGE]);
		for (const e of page) {
			const { hash, ...rest } = e;
			if (e.seq !== expectedSeq || e.prev_hash !== prev || entryHash(rest) !== hash) return { ok: false, brokenAt: expectedSeq };
			prev = hash;
			expectedSeq++;
		}
		if (page.length < VERIFY_PAGE) return { ok: true, entries: expectedSeq - 1 };
	}
}
