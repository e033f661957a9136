import fs from 'node:fs';
import { dataDir } from '../src/lib/server/config';
import { buildDemoSnapshot } from '../demo/snapshot';
import { DEMO_PERIODS } from '../demo/generate';
import { refreshDemoGeometry } from '../src/lib/server/geometry/build';
import { readManifest } from '../src/lib/server/snapshot/store';
import { commandLine } from './cli';

const usage =
	'usage: npm run data:demo -- [--scope default|national|<region code such as 64.02>] [--seed N] [--households N] [--periods 2025[,2024…]] [--skip-geometry]';

const { values } = commandLine({
	options: {
		scope: { type: 'string', default: 'default' },
		seed: { type: 'string', default: '20241220' },
		households: { type: 'string' },
		periods: { type: 'string' },
		'skip-geometry': { type: 'boolean', default: false }
	}
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
const households = values.households === undefined ? undefined : Number(values.households);
if (households !== undefined && !(Number.isSafeInteger(households) && households > 0)) {
	console.error(`--households must be a positive whole number, such as 70000000 (got ${values.households})`);
	process.exit(2);
}
const periods = values.periods?.split(',').map(Number);
if (periods && (periods.length === 0 || periods.some((p) => !DEMO_PERIODS.includes(p)))) {
	console.error(`--periods must list years among ${DEMO_PERIODS.join(', ')}, separated by commas (got ${values.periods})`);
	process.exit(2);
}
const started = performance.now();
const onStage = (stage: string, seconds: number) => console.log(`  stage ${stage.padEnd(32)} ${seconds.toFixed(1).padStart(8)} s`);
const dir = await buildDemoSnapshot(dataDir(), { scope, seed, households, periods, onStage });
const m = readManifest(dir);
console.log(`Published synthetic demo snapshot ${m.id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const [name, t] of Object.entries(m.tables)) console.log(`  ${name.padEnd(20)} ${String(t.rows).padStart(10)} rows`);
if (!values['skip-geometry']) {
	const geometry = await refreshDemoGeometry(dataDir(), seed);
	console.log(geometry ? `Published indicative boundaries ${geometry.id} in ${geometry.seconds.toFixed(1)} s` : 'Kept the imported boundaries (real boundaries stay live)');
}
const peak = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
if (peak) console.log(`Peak resident memory of this process (VmHWM): ${(Number(peak) / 1024 ** 2).toFixed(2)} GiB`);
