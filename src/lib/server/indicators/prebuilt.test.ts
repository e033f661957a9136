import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Level } from '../../indicators';
import { decodeValues } from '../../map/values';
import { codesFingerprint } from '../../region-code';
import { encodedResponse, type Encoded } from '../api/encoding';
import { SnapshotDatabase } from '../db/database';
import { openPublicDatabase, PUBLIC_TABLES } from '../db/views';
import { currentSnapshotDir, readManifest } from '../snapshot/store';
import { valuesAnswer } from './answer';
import { findIndicator } from './catalogue';
import { writeLateAnswers } from '../snapshot/answers';
import { checkAnswers, LATE_ANSWERS, prebuiltValues, writeValueAnswers } from './prebuilt';
import { getValues } from './service';

const joined = (parts: readonly Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
/** An answer's bytes as a client that does not take gzip gets them (a national prebuilt answer keeps only its gzip form). */
const bytesOf = (a: Encoded) => (a.body ? joined(a.body) : new Uint8Array(gunzipSync(joined(a.gzip))));

/**
 * A copy of the demo snapshot's region tables (and the public ones) with its values answers written
 * by the build step, beside the same snapshot as it was (no answers: an older snapshot).
 */
describe('values answers written ready to send at snapshot build', () => {
	let root: string;
	let dir: string;
	let ready: SnapshotDatabase;
	let older: SnapshotDatabase;
	let written: string[];
	beforeAll(async () => {
		const source = currentSnapshotDir(path.resolve('data'));
		if (!source) throw new Error('no demo snapshot: run `npm run data:demo` first');
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-answers-'));
		const manifest = readManifest(source);
		const tables = ['region_values', ...PUBLIC_TABLES];
		const kept = { ...manifest, answers: undefined, tables: Object.fromEntries(tables.map((t) => [t, manifest.tables[t]!])) };
		for (const name of ['ready', 'older', 'late']) {
			fs.mkdirSync(path.join(root, name));
			for (const t of tables) fs.copyFileSync(path.join(source, manifest.tables[t]!.file), path.join(root, name, manifest.tables[t]!.file));
			fs.writeFileSync(path.join(root, name, 'manifest.json'), JSON.stringify(kept));
		}
		dir = path.join(root, 'ready');
		const answers = await writeValueAnswers(dir);
		written = Object.keys(answers);
		fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...kept, answers }));
		ready = await SnapshotDatabase.open(dir, tables);
		older = await SnapshotDatabase.open(path.join(root, 'older'), tables);
	});
	afterAll(() => {
		ready?.close();
		older?.close();
		if (root) fs.rmSync(root, { recursive: true, force: true });
	});

	const ask = (db: SnapshotDatabase, id: string, region: string, level: Level, names: '0' | '1', period?: number) =>
		valuesAnswer(db, findIndicator(id)!, { region, level, period, format: 'arrow', names });

	const cases: [string, string, Level][] = [
		['extreme_poor_hh', 'ID', 'village'],
		['stunted_share_eppgbm', 'ID', 'village'],
		['extreme_poor_coverage', '64.02', 'village'],
		['stunted_share_eppgbm', '63.02', 'village'],
		['aid_rp', '53', 'village'],
		['krs_families', '64', 'district'],
		['extreme_poor_hh', 'ID', 'regency'],
		['poor_vulnerable_hh', '64', 'regency'],
		['extreme_poor_hh', 'ID', 'province']
	];

	it.each(cases)('%s in %s at level %s: the prebuilt answer decodes to the rows the live query gives, codes, names, nulls and number kinds alike', async (id, region, level) => {
		const e = findIndicator(id)!;
		const period = readManifest(dir).periods[0]!;
		const live = await getValues(older, e, region, level, period);
		for (const names of ['1', '0'] as const) {
			const answer = await ask(ready, id, region, level, names, period);
			const prebuilt = await prebuiltValues(ready, e, region, level, period, names === '1');
			expect(prebuilt).not.toBeNull();
			const bytes = bytesOf(answer);
			// The answer is the prebuilt one, and its gzip form (none under 1 KB) is one valid member of the same bytes.
			expect(Buffer.from(bytes).equals(bytesOf(prebuilt!))).toBe(true);
			if (answer.body) expect(answer.gzip === null ? bytes.byteLength < 1024 : Buffer.from(gunzipSync(joined(answer.gzip))).equals(bytes)).toBe(true);
			else expect(region).toBe('ID');
			const rows = names === '1' ? live.rows : live.rows.map((r) => ({ ...r, name: '' }));
			expect(decodeValues(bytes)).toEqual(rows);
			const table = tableFromIPC(bytes);
			expect(String(table.getChild('code')!.type)).toBe('Int64');
			expect(table.schema.metadata.get('period')).toBe(String(period));
			expect(table.schema.metadata.get('snapshot')).toBe(ready.manifest.id);
			// Values that are all whole go as Int32, others as Float64, like the live answer of the whole level.
			const whole = (await getValues(older, e, 'ID', level, period)).rows.every((r) => r.value === null || (Number.isInteger(r.value) && Math.abs(r.value) < 2 ** 31));
			expect(String(table.getChild('value')!.type)).toBe(whole ? 'Int32' : 'Float64');
		}
	});

	it('covers nulls, fractions, whole numbers and names with ’ among the rows it was compared on', async () => {
		const period = readManifest(dir).periods[0]!;
		const shares = decodeValues(bytesOf(await ask(ready, 'stunted_share_eppgbm', 'ID', 'village', '1', period)));
		expect(shares.some((r) => r.value === null)).toBe(true);
		expect(shares.some((r) => r.value !== null && !Number.isInteger(r.value))).toBe(true);
		expect(shares.some((r) => /[’é]/.test(r.name))).toBe(true);
		expect(shares).toHaveLength(83_762);
	});

	it('sends the country as stored to a client that takes gzip, and inflated to one that does not', async () => {
		const period = readManifest(dir).periods[0]!;
		const answer = await ask(ready, 'extreme_poor_hh', 'ID', 'village', '1', period);
		expect(answer.body).toBeNull();
		const zipped = encodedResponse(new Request('http://tepat.test/', { headers: { 'accept-encoding': 'gzip, br' } }), answer, { headers: answer.headers });
		const plain = encodedResponse(new Request('http://tepat.test/'), answer, { headers: answer.headers });
		expect(zipped.headers.get('content-encoding')).toBe('gzip');
		expect(plain.headers.get('content-encoding')).toBeNull();
		const raw = new Uint8Array(await plain.arrayBuffer());
		expect(Buffer.from(gunzipSync(new Uint8Array(await zipped.arrayBuffer()))).equals(raw)).toBe(true);
		expect(decodeValues(raw)).toEqual((await getValues(older, findIndicator('extreme_poor_hh')!, 'ID', 'village', period)).rows);
	});

	it('answers a district, JSON, a held code list and an older snapshot from the tables, with the same rows', async () => {
		const e = findIndicator('krs_families')!;
		expect(await prebuiltValues(ready, e, '64.02.13', 'village', 2024, true)).toBeNull();
		const live = await getValues(older, e, '64.02.13', 'village', 2024);
		expect(decodeValues(bytesOf(await ask(ready, 'krs_families', '64.02.13', 'village', '1', 2024)))).toEqual(live.rows);
		expect(await prebuiltValues(older, e, 'ID', 'village', 2024, true)).toBeNull();
		const national = await getValues(older, e, 'ID', 'village', 2024);
		expect(decodeValues(bytesOf(await ask(older, 'krs_families', 'ID', 'village', '1', 2024)))).toEqual(national.rows);
		const json = await valuesAnswer(ready, e, { region: 'ID', level: 'village', period: 2024, format: 'json', names: '1' });
		expect(JSON.parse(Buffer.from(bytesOf(json)).toString('utf8')).rows).toEqual(national.rows);
		// A map holding the codes gets the values alone, as before.
		const codes = codesFingerprint(national.rows.map((r) => r.code));
		const held = await valuesAnswer(ready, e, { region: 'ID', level: 'village', period: 2024, format: 'arrow', names: '0', codes });
		expect(tableFromIPC(bytesOf(held)).getChild('code')).toBeNull();
	});

	it('never serves the unsuppressed answers through the public view', async () => {
		const pub = await openPublicDatabase(dir);
		try {
			const e = findIndicator('stunted_children')!;
			expect(await prebuiltValues(pub, e, '63.02', 'village', 2024, true)).toBeNull();
			const suppressed = await getValues(pub, e, '63.02', 'village', 2024);
			expect(suppressed.rows.some((r) => r.value === null)).toBe(true);
			const answer = await valuesAnswer(pub, e, { region: '63.02', level: 'village', period: 2024, format: 'arrow', names: '1' });
			expect(decodeValues(bytesOf(answer))).toEqual(suppressed.rows);
		} finally {
			pub.close();
		}
	});

	it('checks every answer file when the snapshot opens, and a damaged one is left to the tables without stopping the others', async () => {
		const files = Object.keys(readManifest(dir).answers ?? {});
		expect(files.length).toBeGreaterThan(100);
		expect(await checkAnswers(ready)).toBe(files.length);
		const file = path.join(dir, 'answers/krs_families.2024.district.coded.bin');
		const bytes = fs.readFileSync(file);
		try {
			fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]));
			expect(await checkAnswers(ready)).toBe(files.length - 1);
			expect(await prebuiltValues(ready, findIndicator('krs_families')!, '64', 'district', 2024, false)).toBeNull();
		} finally {
			fs.writeFileSync(file, bytes);
		}
		expect(await checkAnswers(ready)).toBe(files.length);
	});

	it('a snapshot published without answers (an import) sends them once they are listed beside it, without reopening', async () => {
		const late = await SnapshotDatabase.open(path.join(root, 'late'), ['region_values', ...PUBLIC_TABLES]);
		try {
			const e = findIndicator('extreme_poor_hh')!;
			const period = late.manifest.periods.at(-1)!;
			expect(await checkAnswers(late)).toBe(0);
			expect(await prebuiltValues(late, e, '64.02', 'village', period, true)).toBeNull();
			const written = await writeLateAnswers(late.dir);
			expect(written).toBe(Object.keys(readManifest(dir).answers ?? {}).length);
			expect(readManifest(late.dir).answers).toBeUndefined();
			const answer = await prebuiltValues(late, e, '64.02', 'village', period, true);
			expect(answer).not.toBeNull();
			expect(decodeValues(bytesOf(answer!))).toEqual((await getValues(older, e, '64.02', 'village', period)).rows);
			// A list that is not one is reported and left to the tables.
			fs.writeFileSync(path.join(late.dir, LATE_ANSWERS), '{"answers/x.bin": 1');
			expect(await prebuiltValues(late, e, '64.02', 'village', period, true)).toBeNull();
		} finally {
			late.close();
		}
	});

	it('answers from the tables when an answer file was damaged after the build, even after it was served', async () => {
		const e = findIndicator('extreme_poor_hh')!;
		const file = path.join(dir, `answers/extreme_poor_hh.2024.village.named.bin`);
		const bytes = fs.readFileSync(file);
		// Served once (checked, then remembered while its stat holds) before the damage.
		expect(await prebuiltValues(ready, e, '64.02', 'village', 2024, true)).not.toBeNull();
		try {
			const damaged = Buffer.from(bytes);
			damaged[damaged.length - 10]! ^= 0xff;
			fs.writeFileSync(file, damaged);
			expect(await prebuiltValues(ready, e, '64.02', 'village', 2024, true)).toBeNull();
			const live = await getValues(older, e, '64.02', 'village', 2024);
			expect(decodeValues(bytesOf(await ask(ready, 'extreme_poor_hh', '64.02', 'village', '1', 2024)))).toEqual(live.rows);
		} finally {
			fs.writeFileSync(file, bytes);
		}
	});

	it('stops the build with the error when an answer cannot be written, the answers made at the same time settled first', async () => {
		// Several answers are made at once; the first fails while the next is still being queried.
		const blocked = path.join(root, 'blocked');
		fs.cpSync(path.join(root, 'older'), blocked, { recursive: true });
		fs.mkdirSync(path.join(blocked, written[0]!), { recursive: true });
		await expect(writeValueAnswers(blocked)).rejects.toThrow(/EISDIR/);
	});
});
