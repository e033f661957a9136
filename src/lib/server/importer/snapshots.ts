import path from 'node:path';
import { currentSnapshotDir, listSnapshots, publishSnapshot, readManifest, snapshotsDir, verifySnapshotFiles } from '../snapshot/store';
import { withPublishLock } from '../snapshot/lock';
import { appendImportLog } from './log';
import { reconcile } from './reconcile';

export interface SnapshotListing {
	id: string;
	created: string;
	current: boolean;
	synthetic: boolean;
	sources: { name: string; kind?: string; rows?: number; imported_by?: string; imported_at?: string }[];
}

export function snapshotListing(root: string): SnapshotListing[] {
	const current = currentSnapshotDir(root);
	return listSnapshots(root).map((m) => ({
		id: m.id,
		created: m.created,
		current: current === path.join(snapshotsDir(root), m.id),
		synthetic: m.synthetic,
		sources: m.sources.map(({ name, kind, rows, imported_by, imported_at }) => ({ name, kind, rows, imported_by, imported_at }))
	}));
}

/** Points `current` back at a kept snapshot after checking every file against its manifest (holding the publish lock). */
export async function rollbackSnapshot(root: string, id: string, by: string): Promise<void> {
	if (!/^[A-Za-z0-9_.-]+$/.test(id) || id.includes('..')) throw new Error(`not a snapshot id: ${id.slice(0, 80)}`);
	await withPublishLock(root, async (lock) => {
		reconcile(root);
		const dir = path.join(snapshotsDir(root), id);
		await verifySnapshotFiles(dir, readManifest(dir));
		const previous = currentSnapshotDir(root);
		const entry = { by, action: 'rollback' as const, snapshot: id, previous_snapshot: previous ? path.basename(previous) : null };
		lock.assertHeld();
		appendImportLog(root, { ...entry, outcome: 'publishing' });
		publishSnapshot(root, id);
		appendImportLog(root, { ...entry, outcome: 'published' });
	});
}
