import { SnapshotDatabase } from '../src/lib/server/db';
import { dataDir } from '../src/lib/server/config';
import { currentSnapshotDir } from '../src/lib/server/snapshot/store';

/** The published demo snapshot, opened for a test file that reads the real generated data. */
export async function openDemoSnapshot(): Promise<SnapshotDatabase> {
	const dir = currentSnapshotDir(dataDir());
	if (!dir) throw new Error('no published snapshot: run npm run data:demo');
	return SnapshotDatabase.open(dir);
}
