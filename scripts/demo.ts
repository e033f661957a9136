import { spawnSync } from 'node:child_process';
import { dataDir } from '../src/lib/server/config';
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
console.log(`Tepat on ${origin} (first account: npm run admin -- create --username admin)`);
run('npm', ['start', '--silent']);
