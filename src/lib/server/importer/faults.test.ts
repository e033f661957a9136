import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SnapshotDatabase } from '../db';
import { buildSnapshot, openBuildDatabase, publishAndPrune } from '../snapshot/build';
import { currentSnapshot, currentSnapshotDir, verifySnapshotFiles } from '../snapshot/store';
import { importFile } from '.';
import { verifyImportLog } from './log';
import { KEY, emptyRoot, householdsCsv, publishedDigest } from './test-helpers';

const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };

/** Runs `npm run import` as a child and kill -9s it as soon as it prints `stage: <stage>` (plus a delay). */
function killAt(root: string, file: string, stage: string, delayMs: number): Promise<boolean> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'households', file, '--register', 'dtks'], {
			env: { ...process.env, ...env, TEPAT_DATA_DIR: root },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let killed = false;
		child.stdout.on('data', (chunk: Buffer) => {
			if (!killed && chunk.toString().includes(`stage: ${stage}`)) {
				killed = true;
				setTimeout(() => child.kill('SIGKILL'), delayMs);
			}
		});
		child.on('close', () => resolve(killed));
	});
}

/** What a reader sees: `current` names a complete snapshot whose every file matches its manifest. */
async function expectServable(root: string) {
	const snap = currentSnapshot(root);
	expect(snap).not.toBeNull();
	await verifySnapshotFiles(snap!.dir, snap!.manifest);
	const db = await SnapshotDatabase.open(snap!.dir);
	db.close();
}

describe('an import killed, out of disk, or a corrupt published file never leaves partial data served', () => {
	let root: string;
	let work: string;
	beforeAll(async () => {
		root = await emptyRoot();
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-faults-'));
	});
	afterAll(() => {
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('kill -9 at each stage of an import leaves the last good snapshot (or the complete new one) published', async () => {
		const file = householdsCsv(path.join(work, 'dtks.csv'), [...Array(20000).keys()]);
		for (const [stage, delay] of [
			['read', 0],
			['validate', 50],
			['merge', 0],
			['build', 200],
			['verify', 0],
			['publish', 0]
		] as const) {
			const before = publishedDigest(root);
			const beforeCurrent = currentSnapshotDir(root);
			expect(await killAt(root, file, stage, delay), stage).toBe(true);
			await expectServable(root);
			// Before the switch nothing published changed; at `publish` the switch is one rename, old or new.
			if (stage !== 'publish' && stage !== 'verify') expect(publishedDigest(root), stage).toBe(before);
			if (currentSnapshotDir(root) !== beforeCurrent) expect(['verify', 'publish']).toContain(stage);
		}
		// The next import takes over the dead process's lock, clears its leftovers and completes.
		const result = await importFile({ kind: 'households', file, register: 'dtks', root, env });
		expect(['published', 'unchanged']).toContain(result.outcome);
		// An `unchanged` outcome (the killed run had already published) never recreates the cleared staging folder.
		const staging = path.join(root, 'staging');
		expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
		await expectServable(root);
		expect(verifyImportLog(root).ok).toBe(true);
	}, 300_000);

	it('a full disk fails the import and leaves the published snapshot byte-identical', async () => {
		const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-full-'));
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { stdio: 'ignore' });
		} catch {
			console.warn('skipped: cannot mount a small tmpfs here (needs root)');
			return;
		}
		try {
			const small = path.join(mnt, 'data');
			const db = await openBuildDatabase();
			try {
				await buildSnapshot(db.conn, small, { id: '20000101T000000Z-base', synthetic: false });
				publishAndPrune(small, '20000101T000000Z-base');
			} finally {
				db.close();
			}
			const before = publishedDigest(small);
			const file = householdsCsv(path.join(work, 'big.csv'), [...Array(60000).keys()]);
			await expect(importFile({ kind: 'households', file, register: 'dtks', root: small, env })).rejects.toThrow();
			expect(publishedDigest(small)).toBe(before);
			await expectServable(small);
		} finally {
			execFileSync('umount', [mnt]);
			fs.rmSync(mnt, { recursive: true, force: true });
		}
	}, 120_000);

	it('a corrupt Parquet file in a newly published snapshot is not served: the server keeps the last good one and says so', async () => {
		vi.resetModules();
		process.env.TEPAT_DATA_DIR = root;
		const { getDatabase, snapshotHealth } = await import('../db');
		const good = await getDatabase();
		expect(snapshotHealth().status).toBe('ok');
		const result = await importFile({ kind: 'households', file: householdsCsv(path.join(work, 'p3ke.csv'), [1, 2, 3]), register: 'p3ke', root, env });
		expect(result.outcome).toBe('published');
		const corrupt = path.join(currentSnapshotDir(root) as string, 'region_values.parquet');
		const bytes = fs.readFileSync(corrupt);
		const mid = Math.floor(bytes.length / 2);
		bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
		fs.writeFileSync(corrupt, bytes);
		await new Promise((r) => setTimeout(r, 1100));
		expect(await getDatabase()).toBe(good);
		expect(snapshotHealth()).toMatchObject({ status: 'degraded', serving: good.manifest.id, failed: { snapshot: result.snapshot } });

		// A fresh server process that starts on the corrupt snapshot serves the newest good one instead.
		vi.resetModules();
		const fresh = await import('../db');
		const served = await fresh.getDatabase();
		expect(served.manifest.id).not.toBe(result.snapshot);
		expect(fresh.snapshotHealth().status).toBe('degraded');
		served.close();
		good.close();
	});
});
