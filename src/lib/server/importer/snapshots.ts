import path from 'node:path';
import { currentSnapshotDir, listSnapshots, publishSnapshot, readManifest, snapshotsDir, verifySnapshotFiles } from '../snapshot/store';
import { withPublishLock } from '../snapshot/lock';
import { appendImportLog } from './log';

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
		const dir = path.join(snapshotsDir(root), id);
		await verifySnapshotFiles(dir, readManifest(dir));
		const previous = currentSnapshotDir(root);
		lock.assertHeld();
		publishSnapshot(root, id);
		appendImportLog(root, { by, action: 'rollback', outcome: 'published', snapshot: id, previous_snapshot: previous ? path.basename(previous) : null });
	});
}
