/**
 * Writes the published snapshot's household-level tables Hive-partitioned by province and checks
 * the copy reads back identical (docs/scaling.md):
 *   npm run snapshot:hive -- --out /tmp/tepat-hive [--snapshot data/snapshots/<id>]
 */
import path from 'node:path';
import { dataDir } from '../src/lib/server/config';
import { writePartitioned } from '../bench/partition';
import { currentSnapshotDir } from '../src/lib/server/snapshot/store';
import { commandLine, readablePath } from './cli';

const usage = 'usage: npm run snapshot:hive -- --out <folder> [--snapshot data/snapshots/<id>]';
const { values } = commandLine({ options: { out: { type: 'string' }, snapshot: { type: 'string' } } }, usage);
if (!values.out) {
	console.error('--out <folder> is required / --out <folder> wajib diisi');
	process.exit(2);
}
const snapshot = values.snapshot ? readablePath(values.snapshot, 'dir') : currentSnapshotDir(dataDir());
if (!snapshot) {
	console.error('no published snapshot: run `npm run data:demo` first / belum ada snapshot terbit');
	process.exit(2);
}
const tables = await writePartitioned(path.resolve(snapshot), path.resolve(values.out));
for (const t of tables) {
	console.log(`${t.table.padEnd(14)} ${String(t.rows).padStart(10)} rows  ${t.provinces} provinces  ${t.files} files  ${t.seconds.toFixed(1)} s  ${t.identical ? 'identical' : 'DIFFERENT'}`);
}
if (tables.some((t) => !t.identical)) process.exit(1);
