import { dataDir } from '../src/lib/server/config';
import { buildDemoSnapshot } from '../demo/snapshot';
import { refreshDemoGeometry } from '../src/lib/server/geometry/build';
import { readManifest } from '../src/lib/server/snapshot/store';
import { commandLine } from './cli';

const usage = 'usage: npm run data:demo -- [--scope default|national|<region code such as 64.02>] [--seed N]';

const { values } = commandLine({
	options: { scope: { type: 'string', default: 'default' }, seed: { type: 'string', default: '20241220' } }
}, usage);
const scope = values.scope;
if (!/^(default|national|\d{2}(\.\d{2}){0,2})$/.test(scope)) {
	console.error(`--scope must be default, national or a region code such as 64 or 64.02 (got ${scope})`);
	process.exit(2);
}
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) {
	console.error('--seed must be an integer');
	process.exit(2);
}
const started = performance.now();
const dir = await buildDemoSnapshot(dataDir(), { scope, seed });
const m = readManifest(dir);
console.log(`Published synthetic demo snapshot ${m.id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const [name, t] of Object.entries(m.tables)) console.log(`  ${name.padEnd(20)} ${String(t.rows).padStart(10)} rows`);
const geometry = await refreshDemoGeometry(dataDir(), seed);
console.log(geometry ? `Published indicative boundaries ${geometry.id} in ${geometry.seconds.toFixed(1)} s` : 'Kept the imported boundaries (real boundaries stay live)');
