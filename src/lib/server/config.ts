import path from 'node:path';

/** Root of the data folder: `snapshots/<id>/`, `current` → published snapshot. */
export function dataDir(): string {
	return path.resolve(process.env.TEPAT_DATA_DIR ?? 'data');
}
