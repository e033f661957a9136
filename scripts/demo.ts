import { spawnSync } from 'node:child_process';
import { stateDir } from '../src/lib/server/auth/store';
import { dataDir } from '../src/lib/server/config';
import { ensureLocalKeyFile } from '../src/lib/server/importer/key';
import { currentSnapshotDir } from '../src/lib/server/snapshot/store';
import { exitOnFileErrors } from './cli';

exitOnFileErrors();
/** `npm run demo`: make the demo snapshot if none is published, build, then serve on PORT (3000) as `npm start` does. */
function run(cmd: string, args: string[]) {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!currentSnapshotDir(dataDir())) run('npm', ['run', '--silent', 'data:demo']);
run('npm', ['run', '--silent', 'build']);
const port = process.env.PORT ?? '3000';
const origin = `http://${process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost'}:${port}`;
// Served over plain HTTP: without ORIGIN adapter-node assumes https and the sign-in form is refused as cross-site.
process.env.ORIGIN ??= origin;
// Imports need a pseudonymisation key kept outside data/: the demo makes a local one unless one is set.
const keyFile = ensureLocalKeyFile(stateDir());
if (keyFile) {
	process.env.TEPAT_HMAC_KEY_FILE = keyFile;
	console.log(`HMAC key for imports: ${keyFile} (owner-only; created for the demo — set TEPAT_HMAC_KEY_FILE to use your own)`);
}
console.log(`Tepat on ${origin} (first account: npm run admin -- create --username admin)`);
run('npm', ['start', '--silent']);
