import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBuildDatabase } from './build';

describe('a build database with a memory bound', () => {
	const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-build-memory-'));
	afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

	it('holds more data than its memory limit by spilling to its temp folder, and reads it back whole', async () => {
		const spill = path.join(temp, 'duckdb');
		const db = await openBuildDatabase({ memoryLimit: '256MB', tempDirectory: spill });
		try {
			const setting = (await db.conn.runAndReadAll("SELECT current_setting('memory_limit') AS m")).getRowObjectsJS()[0]?.m;
			expect(String(setting)).toMatch(/^24\d\.\d MiB$/);
			// About 700 MB of text: nearly three times the limit.
			await db.conn.run("CREATE TABLE big AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR) AS s FROM range(7000000) t(i)");
			const [row] = (await db.conn.runAndReadAll('SELECT count(*)::INTEGER AS n, count(DISTINCT s)::INTEGER AS d FROM big')).getRowObjectsJS();
			expect(row).toEqual({ n: 7_000_000, d: 7_000_000 });
			const spilled = fs.readdirSync(spill).reduce((sum, f) => sum + fs.statSync(path.join(spill, f)).size, 0);
			expect(spilled).toBeGreaterThan(256 * 2 ** 20);
		} finally {
			db.close();
		}
	});
});
