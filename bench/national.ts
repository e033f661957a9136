import fs from 'node:fs';
import path from 'node:path';
import { buildDemoGeometry } from '../src/lib/server/geometry/build';
import { currentGeometry } from '../src/lib/server/geometry/store';
import { currentSnapshot, type Snapshot } from '../src/lib/server/snapshot/store';
import { runCommand } from './system';

export interface NationalBuild {
	/** Wall time of `npm run data:demo -- --scope national`, measured when it last ran. */
	seconds: number;
	built_at: string;
	snapshot: string;
	/** True when this run found the snapshot already built and used it as it was. */
	reused: boolean;
}

const RECORD = 'bench-build.json';

/**
 * The national demo snapshot in its own data folder (never the published `data/current`).
 * Built with the project's generator when missing or when `rebuild` is set; the build time is
 * recorded beside it so a later run that reuses the snapshot can still report it. Indicative
 * boundaries are built for it when the folder has none (the map figures need them).
 */
export async function nationalSnapshot(
	repoRoot: string,
	dataDir: string,
	rebuild: boolean
): Promise<Snapshot & { build: NationalBuild | null }> {
	const record = path.join(dataDir, RECORD);
	let existing = rebuild ? null : currentSnapshot(dataDir);
	let build: NationalBuild | null = null;
	if (existing) {
		if (fs.existsSync(record)) {
			const saved = JSON.parse(fs.readFileSync(record, 'utf8')) as NationalBuild;
			if (saved.snapshot === existing.manifest.id) build = { ...saved, reused: true };
		}
	} else {
		console.log(`Building the national demo snapshot in ${dataDir} …`);
		const t0 = performance.now();
		await runCommand('npm', ['run', 'data:demo', '--', '--scope', 'national'], {
			cwd: repoRoot,
			env: { ...process.env, TEPAT_DATA_DIR: dataDir }
		});
		const seconds = (performance.now() - t0) / 1000;
		existing = currentSnapshot(dataDir);
		if (!existing) throw new Error(`the generator published nothing in ${dataDir}`);
		build = { seconds, built_at: new Date().toISOString(), snapshot: existing.manifest.id, reused: false };
		fs.writeFileSync(record, JSON.stringify(build, null, 2) + '\n');
	}
	if (!currentGeometry(dataDir)) {
		console.log(`Building indicative national boundaries in ${dataDir} …`);
		const id = await buildDemoGeometry(dataDir);
		console.log(`Published ${id}`);
	}
	return { ...existing, build };
}
