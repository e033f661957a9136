/**
 * `npm run snapshot -- list | rollback <id> | verify-log`: lists kept snapshots, restores one, checks the import log.
 * Each run first settles an import a killed process left half-logged (when no publish is running).
 */
import path from 'node:path';
import { dataDir } from '../src/lib/server/config';
import { ImportError, verifyImportLog } from '../src/lib/server/importer';
import { reconcile } from '../src/lib/server/importer/reconcile';
import { rollbackSnapshot, snapshotListing } from '../src/lib/server/importer/snapshots';
import { ifLockFree } from '../src/lib/server/snapshot/lock';
import { snapshotsDir } from '../src/lib/server/snapshot/store';
import { exitOnFileErrors, readablePath } from './cli';

exitOnFileErrors();
const [command, id] = process.argv.slice(2);
const root = readablePath(dataDir(), 'dir');
if (command === 'list' || command === 'verify-log') await ifLockFree(root, async () => reconcile(root));
if (command === 'list') {
	for (const s of snapshotListing(root)) {
		const files = s.sources.filter((x) => x.kind).map((x) => `${x.kind}:${x.name} (${x.rows} rows, ${x.imported_by}, ${x.imported_at})`);
		console.log(`${s.current ? '*' : ' '} ${s.id}  ${s.created}${s.synthetic ? '  synthetic' : ''}${files.length ? `\n    ${files.join('\n    ')}` : ''}`);
	}
} else if (command === 'rollback' && id) {
	if (/^[\w.-]+$/.test(id) && !id.includes('..')) readablePath(path.join(snapshotsDir(root), id), 'dir');
	try {
		await rollbackSnapshot(root, id, process.env.USER ?? 'unknown');
	} catch (err) {
		if (err instanceof ImportError) console.error(err.bilingual);
		else console.error(`Rollback ditolak / refused: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(err instanceof ImportError ? 2 : 1);
	}
	console.log(`current → ${id}`);
} else if (command === 'verify-log') {
	const v = verifyImportLog(root);
	console.log(v.ok ? `import log intact: ${v.entries} entries` : `import log BROKEN at line ${v.brokenAt}: ${v.reason}`);
	if (!v.ok) process.exit(1);
} else {
	console.error('usage: npm run snapshot -- list | rollback <id> | verify-log');
	process.exit(2);
}
