import { createHash } from 'node:crypto';
import type { Principal } from './policy';
import type { Store } from './store';

/**
 * Append-only audit log of by-name views and exports. Each entry's hash covers its fields and the
 * previous entry's hash, so changing or deleting any row breaks every later link; SQLite triggers
 * also refuse UPDATE and DELETE.
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

export interface AuditRecord {
	action: 'byname.view' | 'byname.export';
	filter: Record<string, unknown>;
	rowCount: number;
	purpose: string;
}

export function appendAudit(store: Store, user: Principal, rec: AuditRecord, now = new Date()): AuditEntry {
	const append = store.transaction(() => {
		const last = store.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
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
		store
			.prepare('INSERT INTO audit_log (seq, at, user_id, username, action, filter, row_count, purpose, prev_hash, hash) VALUES (@seq, @at, @user_id, @username, @action, @filter, @row_count, @purpose, @prev_hash, @hash)')
			.run(entry);
		return entry;
	});
	return append.immediate();
}

export function readAudit(store: Store, limit = 200, before?: number): AuditEntry[] {
	return store.prepare('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(before ?? Number.MAX_SAFE_INTEGER, limit) as AuditEntry[];
}

/** Walks the whole chain; returns the first broken sequence number, or null when intact. */
export function verifyAudit(store: Store): { ok: true; entries: number } | { ok: false; brokenAt: number } {
	let prev = GENESIS;
	let expectedSeq = 1;
	for (const e of store.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditEntry>) {
		const { hash, ...rest } = e;
		if (e.seq !== expectedSeq || e.prev_hash !== prev || entryHash(rest) !== hash) return { ok: false, brokenAt: expectedSeq };
		prev = hash;
		expectedSeq++;
	}
	return { ok: true, entries: expectedSeq - 1 };
}
