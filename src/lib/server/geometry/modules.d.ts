declare module 'vt-pbf' {
	export function fromGeojsonVt(
		layers: Record<string, { features: unknown[] }>,
		options?: { version?: number; extent?: number }
	): Uint8Array;
}

declare module 'shpjs' {
	import type { FeatureCollection } from 'geojson';
	export default function shp(input: ArrayBuffer | Uint8Array): Promise<FeatureCollection | FeatureCollection[]>;
}
