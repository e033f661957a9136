import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DuckDBInstance } from '@duckdb/node-api';
import type { MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon } from 'geojson';
import type { MultiPolygon, Pair } from 'polygon-clipping';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { quoteLiteral } from '../db';
import { idnAreaDataDir } from '../regions/master';

const require = createRequire(import.meta.url);

/** Natural Earth's admin-0 id of Indonesia (ISO 3166-1 numeric), as world-atlas keys its countries. */
const INDONESIA = '360';

/** What the indicative boundaries are drawn into: the real land outline and the real places of regencies. */
export interface DemoWorld {
	/** Indonesia's land (Natural Earth 1:10m, public domain, from the world-atlas package). */
	land: MultiPolygon;
	/** Regency code → a real point of it: the mean position of its islands in idn-area-data (281 of 514 regencies). */
	places: ReadonlyMap<string, Pair>;
}

/** Indonesia's land outline from world-atlas' TopoJSON (read here, at generation time: nothing is fetched when the app runs). */
export function indonesiaLand(): MultiPolygon {
	const file = require.resolve('world-atlas/countries-10m.json');
	const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
	const country = feature(topology, topology.objects.countries).features.find((f) => f.id === INDONESIA);
	const g = country?.geometry as GeoPolygon | GeoMultiPolygon | undefined;
	if (!g) throw new Error(`world-atlas has no country ${INDONESIA} (Indonesia)`);
	return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as MultiPolygon;
}

/** `03°19'03.44" N 097°07'41.73" E` → [lon, lat]; null for anything else. */
export function parseDms(text: string): Pair | null {
	const m = /^(\d+)°(\d+)'([\d.]+)"\s*([NS])\s+(\d+)°(\d+)'([\d.]+)"\s*([EW])$/.exec(text.trim());
	if (!m) return null;
	const deg = (d: string, mi: string, s: string, neg: boolean) => (neg ? -1 : 1) * (Number(d) + Number(mi) / 60 + Number(s) / 3600);
	return [deg(m[5]!, m[6]!, m[7]!, m[8] === 'W'), deg(m[1]!, m[2]!, m[3]!, m[4] === 'S')];
}

/** Regency code → the mean position of its islands (`islands.csv` of idn-area-data, ODbL). */
export async function regencyPlaces(): Promise<Map<string, Pair>> {
	const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	try {
		const conn = await instance.connect();
		const file = quoteLiteral(path.join(idnAreaDataDir(), 'islands.csv'));
		const reader = await conn.runAndReadAll(`SELECT regency_code, coordinate FROM read_csv(${file}, header = true, all_varchar = true) WHERE regency_code <> '' ORDER BY code`);
		const sums = new Map<string, [number, number, number]>();
		for (const [regency, coordinate] of reader.getRows() as [string, string][]) {
			const p = parseDms(coordinate);
			if (!p) continue;
			const s = sums.get(regency) ?? [0, 0, 0];
			sums.set(regency, [s[0] + p[0], s[1] + p[1], s[2] + 1]);
		}
		conn.closeSync();
		return new Map([...sums].map(([code, [x, y, n]]) => [code, [x / n, y / n]]));
	} finally {
		instance.closeSync();
	}
}

export async function demoWorld(): Promise<DemoWorld> {
	return { land: indonesiaLand(), places: await regencyPlaces() };
}
