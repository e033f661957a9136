import fs from 'node:fs';
import path from 'node:path';
import { STALE_MS, withPublishLock } from '../snapshot/lock';
import { currentSnapshotDir, snapshotsDir } from '../snapshot/store';
import { appendImportLog, readImportLog, type LogEntry } from './log';

/**
 * Completes what a killed publish left behind. Holding the publish lock, it compares the log's last
 * intent (`publishing`, with the staged snapshot) with where `current` points: if `current` reached
 * that snapshot the publish happened and `published` is appended, else `abandoned` (and the snapshot
 * folder, never served, is removed). Staging folders and temporary `current` links are cleared.
 * Every lock holder runs it first, so an import, a rollback or a starting server finds a log that
 * tells the truth about what is published.
 */
export function reconcile(root: string): LogEntry | null {
	fs.rmSync(path.join(root, 'staging'), { recursive: true, force: true });
	if (fs.existsSync(root)) for (const name of fs.readdirSync(root)) if (name.startsWith('.current-')) fs.rmSync(path.join(root, name), { force: true });
	const log = readImportLog(root);
	const at = log.findLastIndex((e) => e.outcome === 'publishing');
	const intent = log[at];
	if (!intent || log.slice(at + 1).some((e) => e.snapshot === intent.snapshot)) return null;
	const current = currentSnapshotDir(root);
	const { action, kind, register, replace_scope, file, sha256, rows, snapshot, previous_snapshot } = intent;
	const published = !!snapshot && current !== null && path.basename(current) === snapshot;
	// An abandoned import's snapshot was never served; a rollback's target is a kept snapshot and stays.
	if (!published && snapshot && action === 'import') {
		const dir = path.join(snapshotsDir(root), snapshot);
		if (dir !== current) fs.rmSync(dir, { recursive: true, force: true });
	}
	return appendImportLog(root, { by: intent.by, action, outcome: published ? 'published' : 'abandoned', reconciled: true, kind, register, replace_scope, file, sha256, rows, snapshot, previous_snapshot });
}

/**
 * The server's pass at start: waits for the lock in the background (a lock left by a killed process
 * turns stale after STALE_MS), so the first request is never held up. Gives up quietly when an
 * import holds the lock longer, since that import reconciled when it took the lock.
 */
export async function reconcileInBackground(root: string): Promise<LogEntry | null> {
	if (!fs.existsSync(root)) return null;
	return withPublishLock(root, async () => reconcile(root), 3 * STALE_MS).catch(() => null);
}
