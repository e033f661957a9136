import fs from 'node:fs';
import path from 'node:path';
import { quoteLiteral, SnapshotDatabase } from '../db';
import { buildSnapshot, openBuildDatabase } from './build';

/**
 * For tests: builds a snapshot through the real build step from small hand-made files. `programmes` and
 * `distributions` are CSV with the tables' own columns; `households` is CSV of household_id, village_code,
 * in_dtks and in_krs (a decile-3 household of four with one toddler in 2024, on no other register).
 */
export interface CsvFiles {
	programmes: string;
	households: string;
	distributions: string;
}

export async function buildFromCsv(dir: string, files: CsvFiles, id: string, evaluated?: string): Promise<SnapshotDatabase> {
	const file = (name: keyof CsvFiles) => {
		const f = path.join(dir, `${id}-${name}.csv`);
		fs.writeFileSync(f, files[name]);
		return quoteLiteral(f);
	};
	const db = await openBuildDatabase();
	try {
		await db.conn.run(`INSERT INTO programmes BY NAME SELECT * FROM read_csv(${file('programmes')}, all_varchar = true)`);
		await db.conn.run(`INSERT INTO households BY NAME
			SELECT household_id, village_code, 2024 AS period, 3 AS decile, in_dtks::BOOLEAN AS in_dtks, false AS in_p3ke, false AS in_dtsen, in_krs::BOOLEAN AS in_krs,
				false AS extreme_poor, 4 AS members, 1 AS under_five, 0 AS pregnant, 0 AS elderly, 0 AS disabled, false AS housing_unfit, false AS head_informal_work,
				false AS low_consumption, false AS no_safe_water, false AS no_sanitation, false AS no_health_access
			FROM read_csv(${file('households')}, all_varchar = true)`);
		await db.conn.run(`INSERT INTO distributions BY NAME SELECT * FROM read_csv(${file('distributions')}, all_varchar = true)`);
		return await SnapshotDatabase.open(await buildSnapshot(db.conn, dir, { id, synthetic: false, evaluated }));
	} finally {
		db.close();
	}
}
