import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDatabase } from '../db';
import { withPublishLock } from '../snapshot/lock';
import { currentSnapshotDir } from '../snapshot/store';
import { ImportError, importFile } from '.';
import { checkUpload, publishUpload } from './admin';
import { readImportLog, verifyImportLog } from './log';
import { KEY, emptyRoot, householdsCsv, publishedDigest, useUploadState } from '../../../../tests/importer';

const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };
const REGISTERS = ['dtks', 'p3ke', 'dtsen', 'krs'] as const;

async function registerCounts(root: string): Promise<Record<string, number>> {
	const db = await SnapshotDatabase.open(currentSnapshotDir(root) as string, ['households']);
	try {
		const [row] = await db.query(`SELECT ${REGISTERS.map((r) => `count(*) FILTER (in_${r})::INTEGER AS ${r}`).join(', ')} FROM households`);
		return row as Record<string, number>;
	} finally {
		db.close();
	}
}

/** `npm run import` as a separate process; resolves with its exit code and output. */
function cli(root: string, args: string[]): Promise<{ code: number | null; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { env: { ...process.env, ...env, TEPAT_DATA_DIR: root }, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (out += c.toString()));
		child.on('close', (code) => resolve({ code, out }));
	});
}

describe('publishes at the same time are serialised, and none is lost', () => {
	let work: string;
	useUploadState();
	beforeAll(() => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-publish-'));
	});
	afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

	it('four files checked on the admin page and published together all end up in the published snapshot', async () => {
		const root = await emptyRoot();
		const reports = [];
		for (const [i, register] of REGISTERS.entries()) {
			const csv = householdsCsv(path.join(work, `${register}.csv`), [...Array(10).keys()].map((k) => 100 * i + k));
			const report = await checkUpload(root, { bytes: fs.readFileSync(csv), fileName: `${register}.csv`, kind: 'households', register, replace: false, replaceScope: null, by: 'admin', scope: 'ID' });
			expect(report.outcome).toBe('checked');
			reports.push(report);
		}
		const published = await Promise.all(reports.map((r) => publishUpload(root, r.token as string, { by: 'admin', scope: 'ID', confirm: [] })));
		expect(published.map((p) => p?.outcome)).toEqual(['published', 'published', 'published', 'published']);
		expect(await registerCounts(root)).toEqual({ dtks: 10, p3ke: 10, dtsen: 10, krs: 10 });
		// Each publish built on the one before it: the log's chain of snapshots has no fork.
		const log = readImportLog(root).filter((e) => e.outcome === 'published');
		for (let i = 1; i < log.length; i++) expect(log[i]?.previous_snapshot).toBe(log[i - 1]?.snapshot);
		expect(verifyImportLog(root).ok).toBe(true);
		fs.rmSync(root, { recursive: true, force: true });
	}, 120_000);

	it('two command-line imports and one in the server process at once: all three published', async () => {
		const root = await emptyRoot();
		const files = REGISTERS.slice(0, 3).map((r, i) => householdsCsv(path.join(work, `x-${r}.csv`), [...Array(5).keys()].map((k) => 1000 + 100 * i + k)));
		const [a, b, c] = await Promise.all([
			cli(root, ['households', files[0] as string, '--register', 'dtks']),
			cli(root, ['households', files[1] as string, '--register', 'p3ke']),
			// Started a little later, so the children have taken their turn at the lock.
			new Promise((r) => setTimeout(r, 1500)).then(() => importFile({ kind: 'households', file: files[2] as string, register: 'dtsen', root, env }))
		]);
		expect(a.code, a.out).toBe(0);
		expect(b.code, b.out).toBe(0);
		expect(c.outcome).toBe('published');
		expect(await registerCounts(root)).toEqual({ dtks: 5, p3ke: 5, dtsen: 5, krs: 0 });
		expect(readImportLog(root).filter((e) => e.outcome === 'published')).toHaveLength(3);
		fs.rmSync(root, { recursive: true, force: true });
	}, 180_000);

	it('a publish that waits past its bound is refused with a bilingual message and changes nothing', async () => {
		const root = await emptyRoot();
		const file = householdsCsv(path.join(work, 'late.csv'), [1, 2, 3]);
		let refused: unknown;
		let released = () => {};
		const holding = withPublishLock(root, () => new Promise<void>((r) => (released = r)));
		await new Promise((r) => setTimeout(r, 100));
		const before = publishedDigest(root);
		try {
			await importFile({ kind: 'households', file, register: 'dtks', root, env, lockWaitMs: 500 });
		} catch (err) {
			refused = err;
		}
		const other = await cli(root, ['households', file, '--register', 'dtks', '--wait', '1']);
		released();
		await holding;
		expect(refused).toBeInstanceOf(ImportError);
		expect((refused as ImportError).code).toBe('IMPORT_BUSY');
		expect(other.code).toBe(2);
		expect(other.out).toMatch(/IMPORT_BUSY.*masih berjalan.*still running/s);
		expect(publishedDigest(root)).toBe(before);
		// Once the lock is free the same file publishes.
		expect((await importFile({ kind: 'households', file, register: 'dtks', root, env })).outcome).toBe('published');
		fs.rmSync(root, { recursive: true, force: true });
	}, 120_000);
});
