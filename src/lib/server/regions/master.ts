import path from 'node:path';
import { createRequire } from 'node:module';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../db';

const require = createRequire(import.meta.url);

/** Folder with idn-area-data's CSV files (the package's JS API wants Node 22; the CSVs need none). */
export function idnAreaDataDir(): string {
	return path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
}

/** The package carries no start dates; codes are taken as valid from this day until a decree changes them. */
export const REGION_VALID_FROM = '2000-01-01';
export const COUNTRY_CODE = 'ID';

/** Creates and fills `regions` (country, 38 provinces, 514 regencies, 7,285 districts, 83,762 villages). */
export async function loadRegionMaster(conn: DuckDBConnection): Promise<void> {
	const dir = idnAreaDataDir();
	const csv = (name: string) => `read_csv(${quoteLiteral(path.join(dir, `${name}.csv`))}, header = true, all_varchar = true)`;
	const sql = `
		INSERT INTO regions
		SELECT '${COUNTRY_CODE}', 'Indonesia', 'country', NULL, 'negara', DATE '${REGION_VALID_FROM}', NULL
		UNION ALL
		SELECT code, name, 'province', '${COUNTRY_CODE}', 'provinsi', DATE '${REGION_VALID_FROM}', NULL FROM ${csv('provinces')}
		UNION ALL
		SELECT code, name, 'regency', province_code,
			CASE WHEN name LIKE 'Kota %' THEN 'kota' ELSE 'kabupaten' END, DATE '${REGION_VALID_FROM}', NULL
		FROM ${csv('regencies')}
		UNION ALL
		SELECT code, name, 'district', regency_code, 'kecamatan', DATE '${REGION_VALID_FROM}', NULL FROM ${csv('districts')}
		UNION ALL
		SELECT code, name, 'village', district_code,
			CASE WHEN substr(code, 10, 1) = '1' THEN 'kelurahan' ELSE 'desa' END, DATE '${REGION_VALID_FROM}', NULL
		FROM ${csv('villages')}`;
	await conn.run(sql);
}
