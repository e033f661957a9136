import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Level } from '../../indicators';
import { decodeValues, heldCodesFingerprint } from '../../map/values';
import { toCsv } from '../api/serialise';
import type { Encoded } from '../api/encoding';
import { getDatabase, getPublicDatabase, type SnapshotDatabase } from '../db';
import { readColumns } from '../db/columns';
import { valuesAnswer, type ValuesAnswer } from './answer';
import { findIndicator } from './catalogue';
import { frameSlice } from './frame';
import { getValues } from './service';

const joined = (parts: readonly Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
/** An answer's bytes as a client that does not take gzip gets them (a national prebuilt answer keeps only its gzip form). */
const bytesOf = (a: Encoded) => (a.body ? joined(a.body) : new Uint8Array(gunzipSync(joined(a.gzip))));

describe('reading DuckDB results as columns', () => {
	let instance: DuckDBInstance;
	beforeAll(async () => {
		instance = await DuckDBInstance.create(':memory:');
	});
	afterAll(() => instance.closeSync());

	it('gives the same values, nulls, integers, floats, 64-bit codes and non-ASCII names as the row reader, across chunks', async () => {
		const conn = await instance.connect();
		// 5,000 rows span three of DuckDB's 2,048-row chunks; the first chunk has no null at all.
		const sql = `SELECT i::INTEGER AS n,
				CASE WHEN i > 2100 AND i % 7 = 0 THEN NULL ELSE i / 3 END::DOUBLE AS share,
				CASE WHEN i % 11 = 5 AND i > 3000 THEN NULL ELSE 6302012000 + i END::BIGINT AS digits,
				CASE WHEN i % 13 = 0 THEN NULL WHEN i % 2 = 0 THEN 'Regapu’u ' || i ELSE 'Désa Tanjung ' || i END AS name
			FROM range(5000) t(i) ORDER BY i`;
		const columns = readColumns(await conn.run(sql));
		const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
		conn.closeSync();
		expect(columns.length).toBe(5000);
		expect(Object.values(columns.columns).map((c) => c.kind)).toEqual(['int32', 'float64', 'int64', 'text']);
		const cell = (name: string, i: number) => {
			const c = columns.columns[name]!;
			if (c.kind === 'text') return c.values[i];
			return c.valid === null || (c.valid[i >> 3]! >> (i & 7)) & 1 ? c.values[i] : null;
		};
		const read = rows.map((_, i) => ({ n: cell('n', i), share: cell('share', i), digits: cell('digits', i), name: cell('name', i) }));
		expect(read).toEqual(rows);
		expect(columns.columns.n!.valid).toBeNull();
		expect(columns.columns.share!.nullCount).toBe(rows.filter((r) => r.share === null).length);
		expect(rows.some((r) => r.digits === null)).toBe(true);
	});

	it('refuses a column type it would have to guess at', async () => {
		const conn = await instance.connect();
		expect(() => readColumns({} as never)).toThrow();
		const result = await conn.run('SELECT DATE \'2024-01-01\' AS d');
		conn.closeSync();
		expect(() => readColumns(result)).toThrow(/cast it/);
	});
});

describe('values answers built from columns', () => {
	let full: SnapshotDatabase;
	let pub: SnapshotDatabase;
	beforeAll(async () => {
		[full, pub] = await Promise.all([getDatabase(), getPublicDatabase()]);
	});

	const cases: [string, string, Level | undefined][] = [
		['extreme_poor_hh', 'ID', 'village'],
		['stunted_share_eppgbm', '53', 'village'],
		['extreme_poor_coverage', '64.02', 'village'],
		['krs_families', '64.02.13', 'village'],
		['aid_rp', 'ID', 'regency'],
		['poverty_rate', 'ID', 'country'],
		['poverty_rate', 'ID', undefined]
	];

	const ask = (db: SnapshotDatabase, id: string, region: string, level: Level | undefined, format: 'arrow' | 'json' | 'csv', names: '0' | '1', codes?: string) =>
		valuesAnswer(db, findIndicator(id)!, { region, level, period: undefined, format, names, codes });

	it.each(cases)('%s in %s at level %s: the Arrow answer decodes to the rows of the row path, counts as Int32 and fractions as Float64', async (id, region, level) => {
		const today = await getValues(full, findIndicator(id)!, region, level, undefined);
		const answer = await ask(full, id, region, level, 'arrow', '1');
		const bytes = bytesOf(answer);
		expect(decodeValues(bytes)).toEqual(today.rows);
		const table = tableFromIPC(bytes);
		const whole = (rows: typeof today.rows) => rows.every((r) => r.value === null || (Number.isInteger(r.value) && Math.abs(r.value) < 2 ** 31));
		const type = String(table.getChild('value')!.type);
		// An answer written at build (prebuilt.ts) keeps the type of the whole level: a share is Float64 even where a region's values happen to be whole.
		if (!whole(today.rows)) expect(type).toBe('Float64');
		else if (whole((await getValues(full, findIndicator(id)!, 'ID', today.level, today.period)).rows)) expect(type).toBe('Int32');
		else expect(['Int32', 'Float64']).toContain(type);
		expect(String(table.getChild('code')!.type)).toBe(today.level === 'country' ? 'Utf8' : 'Int64');
		expect(table.schema.metadata.get('period')).toBe(String(today.period));
		// The gzip form is one valid member (CRC and length) of the same bytes.
		if (answer.gzip) expect(new Uint8Array(gunzipSync(joined(answer.gzip)))).toEqual(bytes);
		// Without names, a map that sent the right fingerprint gets the values alone, in the same order.
		const held = await ask(full, id, region, level, 'arrow', '0', heldCodesFingerprint(today.rows));
		expect(tableFromIPC(bytesOf(held)).getChild('code')).toBeNull();
		expect(decodeValues(bytesOf(held), today.rows)).toEqual(today.rows);
	});

	it.each(cases)('%s in %s at level %s: the JSON and CSV answers are the text the row path wrote', async (id, region, level) => {
		const today = await getValues(full, findIndicator(id)!, region, level, undefined);
		const text = (a: ValuesAnswer) => Buffer.from(bytesOf(a)).toString('utf8');
		expect(text(await ask(full, id, region, level, 'json', '1'))).toBe(JSON.stringify(today));
		expect(text(await ask(full, id, region, level, 'json', '0'))).toBe(JSON.stringify({ ...today, rows: today.rows.map(({ code, value }) => ({ code, value })) }));
		const csv = text(await ask(full, id, region, level, 'csv', '1'));
		expect(csv.split('\n').slice(3).join('\n')).toBe(toCsv(today.rows, ['code', 'name', 'value']));
	});

	it('keeps names with ’ and é, and hidden public counts as nulls, through the public view', async () => {
		const rows = decodeValues(bytesOf(await ask(full, 'stunted_share_eppgbm', '53', 'village', 'arrow', '1')));
		expect(rows.some((r) => r.name.includes('’'))).toBe(true);
		const e = findIndicator('stunted_children')!;
		const today = await getValues(pub, e, '63.02', 'village', 2024);
		expect(today.rows.some((r) => r.value === null)).toBe(true);
		const answer = await valuesAnswer(pub, e, { region: '63.02', level: 'village', period: 2024, format: 'arrow', names: '1' });
		expect(decodeValues(bytesOf(answer))).toEqual(today.rows);
	});

	it('gives the same bytes each time it answers the same question (a null holds no leftover value)', async () => {
		const a = await ask(full, 'extreme_poor_coverage', 'ID', 'village', 'arrow', '0');
		await ask(full, 'stunted_share_eppgbm', 'ID', 'village', 'arrow', '0');
		const b = await ask(full, 'extreme_poor_coverage', 'ID', 'village', 'arrow', '0');
		// Buffer.equals, not toEqual: a diff of two megabyte arrays would take minutes to print.
		expect(Buffer.from(bytesOf(b)).equals(bytesOf(a))).toBe(true);
		expect(Buffer.from(joined(b.gzip!)).equals(joined(a.gzip!))).toBe(true);
	});

	it('compresses the code and name columns of a frame once for every indicator and period', async () => {
		// The public view always answers from the tables (the full view may send an answer written at build, prebuilt.ts).
		const first = await ask(pub, 'extreme_poor_hh', 'ID', 'village', 'arrow', '1');
		const second = await ask(pub, 'poor_vulnerable_hh', 'ID', 'village', 'arrow', '1');
		const slice = (await frameSlice(pub, 'village', ''))!;
		const dictionaries = slice.slots.named.dictionaries!;
		expect(dictionaries.deflated).toBeDefined();
		expect(first.body).toContain(dictionaries.bytes);
		expect(second.body).toContain(dictionaries.bytes);
		expect(second.body).toContain(slice.slots.named.body!.bytes);
	});
});
