import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate';
import { openBuildDatabase } from '../src/lib/server/snapshot/build';
import { BASE_TABLES } from '../src/lib/server/snapshot/schema';
import { startPostgres, type PgCluster } from '../tests/postgres';
import { addIndexes, analyticsSettings, copyToPostgres } from './postgres';

/**
 * The bench's PostgreSQL reference must be PostgreSQL as its users would run it, not its defaults:
 * tuned settings, households split by period so a period's scan skips the others, and VACUUM
 * ANALYZE after the load. Needs PostgreSQL installed, like portable.test.ts.
 */
describe('the PostgreSQL reference, set up as its users would', () => {
	let duck: Awaited<ReturnType<typeof openBuildDatabase>>;
	let pg: PgCluster;
	let periods: number[];

	beforeAll(async () => {
		duck = await openBuildDatabase();
		await generateDemo(duck.conn, { seed: 7, scope: ['19.01'], scale: 0.1 });
		periods = (await duck.conn.runAndReadAll('SELECT DISTINCT period::INTEGER AS p FROM households ORDER BY p')).getRowObjectsJS().map((r) => Number(r.p));
		// A 4 GiB, 2-core machine: shared_buffers a quarter of that.
		pg = await startPostgres(analyticsSettings(4 * 2 ** 30, 2));
		const spec = BASE_TABLES.find((s) => s.name === 'households')!;
		await copyToPostgres(duck.conn, pg, [{ spec, source: 'households', partitions: { column: 'period', values: periods } }]);
		await addIndexes(pg, ['households']);
	}, 180_000);

	afterAll(async () => {
		await pg?.stop();
		duck?.close();
	});

	it('runs with a quarter of RAM as shared_buffers, work_mem sized for national sorts and JIT off', async () => {
		const show = async (name: string) => (await pg.client.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0]?.v;
		expect(await show('shared_buffers')).toBe('1GB');
		expect(await show('work_mem')).toBe('256MB');
		expect(await show('jit')).toBe('off');
	});

	it('reads only the asked period of households, and counts what DuckDB counts', async () => {
		expect(periods.length).toBeGreaterThan(1);
		const [first, ...others] = periods as [number, ...number[]];
		const plan = (await pg.client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT count(*) FROM households WHERE period = ${first}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
		expect(plan).toContain(`households_${first}`);
		for (const p of others) expect(plan).not.toContain(`households_${p}`);
		const pgCount = (await pg.client.query<{ n: string }>('SELECT count(*) AS n FROM households WHERE period = $1', [first])).rows[0]?.n;
		const duckCount = (await duck.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM households WHERE period = ${first}`)).getRowObjectsJS()[0]?.n;
		expect(Number(pgCount)).toBe(duckCount);
		expect(duckCount).toBeGreaterThan(0);
	});

	it('vacuums and analyses every period after the load', async () => {
		const { rows } = await pg.client.query<{ relname: string; vacuumed: boolean; analysed: boolean }>(
			"SELECT relname, last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE relname LIKE 'households\\_%' ORDER BY relname"
		);
		expect(rows.map((r) => r.relname)).toEqual(periods.map((p) => `households_${p}`));
		expect(rows.every((r) => r.vacuumed && r.analysed)).toBe(true);
	});
});
