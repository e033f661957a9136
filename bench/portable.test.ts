import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate';
import { REGION_VALUES, openBuildDatabase } from '../src/lib/server/snapshot/build';
import { BASE_TABLES } from '../src/lib/server/snapshot/schema';
import { startPostgres, type PgCluster } from '../tests/postgres';
import { copyToPostgres } from './postgres';

/**
 * The snapshot build's aggregate SQL is meant to run on another engine too (docs/scaling.md): the
 * same REGION_VALUES text runs on DuckDB and on PostgreSQL over the same small demo and must give
 * the same table. Needs PostgreSQL installed (`.ci/run` installs it); without it this test fails.
 */
describe('REGION_VALUES on DuckDB and PostgreSQL', () => {
	let duck: Awaited<ReturnType<typeof openBuildDatabase>>;
	let pg: PgCluster;
	const ORDER = 'ORDER BY region_code, level, period';

	beforeAll(async () => {
		duck = await openBuildDatabase();
		await generateDemo(duck.conn, { seed: 7, scope: ['19.01'], scale: 0.1 });
		pg = await startPostgres();
		const wanted = ['regions', 'households', 'distributions', 'child_growth', 'children'];
		const specs = BASE_TABLES.filter((s) => wanted.includes(s.name));
		expect(specs.map((s) => s.name).sort()).toEqual([...wanted].sort());
		await copyToPostgres(duck.conn, pg, specs.map((spec) => ({ spec, source: spec.name })));
	}, 180_000);

	afterAll(async () => {
		await pg?.stop();
		duck?.close();
	});

	it('gives identical rows on both engines', async () => {
		await duck.conn.run('DROP TABLE IF EXISTS region_values');
		await duck.conn.run(REGION_VALUES);
		await pg.client.query(REGION_VALUES);
		const fromDuck = (await duck.conn.runAndReadAll(`SELECT * FROM region_values ${ORDER}`)).getRowObjectsJS();
		const fromPg = (await pg.client.query<Record<string, unknown>>(`SELECT * FROM region_values ${ORDER}`)).rows;
		// node-pg returns BIGINT as text, DuckDB as bigint: compare both as text.
		const text = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
		expect(fromDuck.length).toBeGreaterThan(100);
		expect(new Set(fromDuck.map((r) => r.level))).toEqual(new Set(['village', 'district', 'regency', 'province', 'country']));
		expect(text(fromPg)).toEqual(text(fromDuck));
		// Not all zero: the fixture really has registers, aid and child growth in it.
		const country = fromDuck.filter((r) => r.level === 'country');
		for (const m of ['extreme_poor_hh', 'aid_households', 'under5_stunted']) {
			expect(country.some((r) => Number(r[m]) > 0), m).toBe(true);
		}
	});
});
