import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memo } from '../api/memo';
import { SnapshotDatabase } from '../db/database';
import { checkAnswers, LATE_ANSWERS } from '../indicators/prebuilt';
import { writeLateAnswers } from '../snapshot/answers';
import { currentSnapshotDir, readManifest } from '../snapshot/store';
import { NATIONAL_ADMIN } from '../../../../tests/endpoint';
import { ALLOCATION_RULES } from './allocate';
import { prebuiltWorkbench, workbenchAnswerFile, writeWorkbenchAnswers } from './prebuilt';
import { allocationParams, coverageParams, getAllocation, getCoverage, resolveWorkbench } from './service';

/** The workbench's tables, and the region values an import's late answers are also written from. */
const TABLES = ['regions', 'region_values', 'programmes', 'programme_coverage'];
const text = (gzip: readonly Uint8Array[]) => gunzipSync(Buffer.concat(gzip)).toString('utf8');

/**
 * A copy of the demo snapshot's programme tables with the workbench answers written ahead, beside the
 * same tables without them (a snapshot built before, or an import whose answers are not written yet).
 */
describe("the country's workbench answers written ahead", () => {
	let root: string;
	let ready: SnapshotDatabase;
	let older: SnapshotDatabase;
	let files: string[];
	/** What the memo held more after the answers were written (an import writes them in the server's process). */
	let heldAfter: number;
	beforeAll(async () => {
		const source = currentSnapshotDir(path.resolve('data'));
		if (!source) throw new Error('no demo snapshot: run `npm run data:demo` first');
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-wb-answers-'));
		const manifest = readManifest(source);
		const kept = { ...manifest, answers: undefined, tables: Object.fromEntries(TABLES.map((t) => [t, manifest.tables[t]!])) };
		for (const name of ['ready', 'older']) {
			fs.mkdirSync(path.join(root, name));
			for (const t of TABLES) fs.copyFileSync(path.join(source, manifest.tables[t]!.file), path.join(root, name, manifest.tables[t]!.file));
			fs.writeFileSync(path.join(root, name, 'manifest.json'), JSON.stringify(kept));
		}
		const dir = path.join(root, 'ready');
		const held = memo.bytes();
		const answers = await writeWorkbenchAnswers(dir);
		heldAfter = memo.bytes() - held;
		files = Object.keys(answers);
		fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...kept, answers }));
		ready = await SnapshotDatabase.open(dir, TABLES);
		older = await SnapshotDatabase.open(path.join(root, 'older'), TABLES);
	});
	afterAll(() => {
		ready?.close();
		older?.close();
		if (root) fs.rmSync(root, { recursive: true, force: true });
	});

	it('sends, for every programme in the country, the same coverage table and allocation plans as the live path', async () => {
		const live = await resolveWorkbench(older, NATIONAL_ADMIN, 'ID', undefined);
		expect(live!.programmes.length).toBeGreaterThan(0);
		expect(files).toHaveLength(live!.programmes.length * (1 + ALLOCATION_RULES.length));
		for (const programme of live!.programmes) {
			const wb = { ...live!, programme };
			const coverage = coverageParams.parse({});
			const answer = await prebuiltWorkbench(ready, 'cakupan', 'ID', programme.code, coverage);
			expect(answer?.body).toBeNull();
			const sent = JSON.parse(text(answer!.gzip));
			expect(sent).toEqual(JSON.parse(JSON.stringify(await getCoverage(older, wb, coverage))));
			expect(sent.rows.length).toBeGreaterThan(0);
			for (const rule of ALLOCATION_RULES) {
				const p = allocationParams.parse({ rule });
				const plan = await prebuiltWorkbench(ready, 'alokasi', 'ID', programme.code, p);
				expect(JSON.parse(text(plan!.gzip))).toEqual(JSON.parse(JSON.stringify(await getAllocation(older, wb, p))));
			}
		}
	});

	it('leaves nothing behind in the server\'s memory once written: the rows they were made from are forgotten with their database', () => {
		expect(files.length).toBeGreaterThan(0);
		expect(heldAfter).toBe(0);
	});

	it('names a view by its parameters, not by how they were spelled: a parsed query with unset filters finds the same file', () => {
		const parsed = { dir: 'desc', district: undefined, level: 'village', q: undefined, sort: 'exclusion', top: undefined };
		expect(workbenchAnswerFile('cakupan', 'ID', 'BPNT-2025', parsed)).toBe(workbenchAnswerFile('cakupan', 'ID', 'BPNT-2025', coverageParams.parse({})));
		expect(workbenchAnswerFile('cakupan', 'ID', 'BPNT-2025', { ...parsed, top: 10 })).not.toBe(workbenchAnswerFile('cakupan', 'ID', 'BPNT-2025', parsed));
	});

	it('leaves every other question to the live path: a filter, a number of packages, a province, a snapshot without answers', async () => {
		const code = (await resolveWorkbench(older, NATIONAL_ADMIN, 'ID', undefined))!.programme.code;
		expect(await prebuiltWorkbench(ready, 'cakupan', 'ID', code, coverageParams.parse({ q: 'Sungai' }))).toBeNull();
		expect(await prebuiltWorkbench(ready, 'cakupan', 'ID', code, coverageParams.parse({ level: 'district' }))).toBeNull();
		expect(await prebuiltWorkbench(ready, 'alokasi', 'ID', code, allocationParams.parse({ rule: 'unmet', packages: 10 }))).toBeNull();
		expect(await prebuiltWorkbench(ready, 'cakupan', '63', code, coverageParams.parse({}))).toBeNull();
		expect(await prebuiltWorkbench(ready, 'tabel', 'ID', code, coverageParams.parse({}))).toBeNull();
		expect(await prebuiltWorkbench(older, 'cakupan', 'ID', code, coverageParams.parse({}))).toBeNull();
	});

	it('answers from the tables when a file was damaged after it was written, and counts it out when the snapshot opens', async () => {
		const code = (await resolveWorkbench(older, NATIONAL_ADMIN, 'ID', undefined))!.programme.code;
		const file = path.join(ready.dir, workbenchAnswerFile('cakupan', 'ID', code, coverageParams.parse({})));
		const bytes = fs.readFileSync(file);
		expect(await checkAnswers(ready)).toBe(files.length);
		expect(await prebuiltWorkbench(ready, 'cakupan', 'ID', code, coverageParams.parse({}))).not.toBeNull();
		try {
			const damaged = Buffer.from(bytes);
			damaged[20]! ^= 0xff;
			fs.writeFileSync(file, damaged);
			expect(await prebuiltWorkbench(ready, 'cakupan', 'ID', code, coverageParams.parse({}))).toBeNull();
			expect(await checkAnswers(ready)).toBe(files.length - 1);
		} finally {
			fs.writeFileSync(file, bytes);
		}
	});

	it('an import lists them beside its snapshot after the values answers, and a running server picks them up without reopening', async () => {
		const code = (await resolveWorkbench(older, NATIONAL_ADMIN, 'ID', undefined))!.programme.code;
		expect(await prebuiltWorkbench(older, 'cakupan', 'ID', code, coverageParams.parse({}))).toBeNull();
		const written = await writeLateAnswers(older.dir);
		const listed = Object.keys(JSON.parse(fs.readFileSync(path.join(older.dir, LATE_ANSWERS), 'utf8')));
		expect(listed).toHaveLength(written);
		expect(listed).toEqual(expect.arrayContaining(files));
		expect(listed.filter((f) => f.endsWith('.bin')).length).toBeGreaterThan(100);
		expect(await prebuiltWorkbench(older, 'cakupan', 'ID', code, coverageParams.parse({}))).not.toBeNull();
	});
});
