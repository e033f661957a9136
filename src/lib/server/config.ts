import path from 'node:path';

/** Root of the data folder: `snapshots/<id>/`, `current` → published snapshot. */
export function dataDir(): string {
	return path.resolve(process.env.TEPAT_DATA_DIR ?? 'data');
}

/** The demo's regencies (Kotabaru, Kutai Kartanegara, Bangka): the demo data and indicative boundaries built with scope `default`. */
export const DEFAULT_SCOPE = ['63.02', '64.02', '19.01'];
