/** `npm run snapshot -- list | rollback <id> | verify-log`: lists kept snapshots, restores one, checks the import log. */
import { dataDir } from '../src/lib/server/config';
import { verifyImportLog } from '../src/lib/server/importer';
import { rollbackSnapshot, snapshotListing } from '../src/lib/server/importer/snapshots';

const [command, id] = process.argv.slice(2);
const root = dataDir();
if (command === 'list') {
	for (const s of snapshotListing(root)) {
		const files = s.sources.filter((x) => x.kind).map((x) => `${x.kind}:${x.name} (${x.rows} rows, ${x.imported_by}, ${x.imported_at})`);
		console.log(`${s.current ? '*' : ' '} ${s.id}  ${s.created}${s.synthetic ? '  synthetic' : ''}${files.length ? `\n    ${files.join('\n    ')}` : ''}`);
	}
} else if (command === 'rollback' && id) {
	await rollbackSnapshot(root, id, process.env.USER ?? 'unknown');
	console.log(`current → ${id}`);
} else if (command === 'verify-log') {
	const v = verifyImportLog(root);
	console.log(v.ok ? `import log intact: ${v.entries} entries` : `import log BROKEN at line ${v.brokenAt}: ${v.reason}`);
	if (!v.ok) process.exit(1);
} else {
	console.error('usage: npm run snapshot -- list | rollback <id> | verify-log');
	process.exit(2);
}
