import { SnapshotDatabase } from '../db';
import { DEFAULT_SCOPE } from '../config';
import { currentSnapshotDir, readManifest } from '../snapshot/store';
import { demoGeometry } from './demo';
import { demoWorld } from './land';
import { currentGeometry, geometryId, publishGeometry, writeGeometry } from './store';
import type { RegionRow } from './types';

const REGIONS = 'SELECT code, name, level, parent_code FROM regions WHERE valid_to IS NULL ORDER BY code';

export async function regionMaster(snapshotDir: string): Promise<RegionRow[]> {
	const db = await SnapshotDatabase.open(snapshotDir, ['regions']);
	try {
		return await db.query<RegionRow & Record<string, unknown>>(REGIONS);
	} finally {
		db.close();
	}
}

/** Code → name, for the label points in the tiles. */
export function regionNames(regions: RegionRow[]): Map<string, string> {
	return new Map(regions.map((r) => [r.code, r.name]));
}

/** Regency codes a demo scope covers (`default`, `national`, or a region code); empty means all. */
export function scopeRegencies(scope: string, regions: RegionRow[]): string[] {
	if (scope === 'national') return [];
	const roots = scope === 'default' ? DEFAULT_SCOPE : [scope];
	return regions
		.filter((r) => r.level === 'regency' && roots.some((s) => r.code.startsWith(s) || s.startsWith(`${r.code}.`)))
		.map((r) => r.code);
}

/** Builds and publishes indicative boundaries for the published snapshot's scope. Returns the version id. */
export async function buildDemoGeometry(dataRoot: string, seed = 20241220): Promise<string> {
	const dir = currentSnapshotDir(dataRoot);
	if (!dir) throw new Error('No published snapshot: run `npm run data:demo` first.');
	const scope = readManifest(dir).generator?.scope ?? 'default';
	const regions = await regionMaster(dir);
	const id = geometryId(`demo-${scope}-${seed}`);
	writeGeometry(
		dataRoot,
		demoGeometry(regions, scopeRegencies(scope, regions), seed, await demoWorld()),
		{ id, kind: 'demo', indicative: true, source: `Batas indikatif sintetis (Voronoi bersarang di daratan Natural Earth 1:10m), cakupan ${scope}, seed ${seed}` },
		regionNames(regions)
	);
	publishGeometry(dataRoot, id);
	return id;
}

/** After a new demo snapshot: rebuild indicative boundaries unless imported (real) ones are live. */
export async function refreshDemoGeometry(dataRoot: string, seed: number): Promise<{ id: string; seconds: number } | null> {
	if (currentGeometry(dataRoot)?.manifest.kind === 'import') return null;
	const started = performance.now();
	const id = await buildDemoGeometry(dataRoot, seed);
	return { id, seconds: (performance.now() - started) / 1000 };
}
