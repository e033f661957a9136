import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SnapshotDatabase } from '../db';
import { buildSnapshot, openBuildDatabase, publishAndPrune } from '../snapshot/build';
import { currentSnapshot, currentSnapshotDir, verifySnapshotFiles } from '../snapshot/store';
import { importFile } from '.';
import { readImportLog, verifyImportLog } from './log';
import { BASE, KEY, emptyRoot, householdsCsv, publishedDigest } from '../../../../tests/importer';

const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };

/** Runs `npm run import` as a child that kill -9s itself at `stage` (`build:200`: 200 ms into it); resolves with the signal that ended it. */
function killedAt(root: string, file: string, stage: string): Promise<NodeJS.Signals | null> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'households', file, '--register', 'dtks'], {
			env: { ...process.env, ...env, TEPAT_DATA_DIR: root, TEPAT_KILL_AT_STAGE: stage },
			stdio: 'ignore'
		});
		child.on('close', (_code, signal) => resolve(signal));
	});
}

/** The import log tells the truth: its chain holds, each intent has its result, and what `current` names was logged as published. */
function expectLogMatchesCurrent(root: string, label: string) {
	expect(verifyImportLog(root).ok, label).toBe(true);
	const log = readImportLog(root);
	log.forEach((e, i) => {
		if (e.outcome !== 'publishing') return;
		const result = log.slice(i + 1).find((r) => r.snapshot === e.snapshot && r.outcome !== 'publishing');
		// Published: it is `current`, or was until a later import (its folder is kept); abandoned: its folder is gone.
		const kept = path.basename(currentSnapshotDir(root) as string) === e.snapshot || fs.existsSync(path.join(root, 'snapshots', e.snapshot as string));
		expect(result?.outcome, `${label}: result of ${e.snapshot}`).toBe(kept ? 'published' : 'abandoned');
		if (result?.outcome === 'abandoned') expect(fs.existsSync(path.join(root, 'snapshots', e.snapshot as string)), label).toBe(false);
	});
	const current = path.basename(currentSnapshotDir(root) as string);
	if (current !== BASE) expect(log.some((e) => e.snapshot === current && e.outcome === 'published'), `${label}: ${current} logged as published`).toBe(true);
	const staging = path.join(root, 'staging');
	expect(fs.existsSync(staging) ? fs.readdirSync(staging) : [], label).toEqual([]);
}

async function waitFor(cond: () => boolean, ms: number) {
	const end = Date.now() + ms;
	while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
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

	it('kill -9 at each stage of an import leaves the last good snapshot (or the complete new one) published, and a log that says which', async () => {
		const stages = ['read', 'validate:50', 'merge', 'build:200', 'verify', 'publish', 'log', 'answers'];
		for (const [i, stage] of stages.entries()) {
			// A period of its own per run, so no run replaces another's households.
			const file = householdsCsv(path.join(work, `dtks-${i}.csv`), [...Array(20000).keys()], 2018 + i);
			const before = publishedDigest(root);
			expect(await killedAt(root, file, stage), stage).toBe('SIGKILL');
			await expectServable(root);
			if (stage === 'publish' || stage === 'log') {
				// A server starting on the folder settles the intent (in the background, once the dead process's lock is stale).
				vi.resetModules();
				process.env.TEPAT_DATA_DIR = root;
				const { getDatabase } = await import('../db');
				(await getDatabase()).close();
				await waitFor(() => readImportLog(root).at(-1)?.reconciled === true, 40_000);
			} else {
				// The next import (here a check) settles it when it takes the lock.
				await importFile({ kind: 'households', file: householdsCsv(path.join(work, 'probe.csv'), [1]), register: 'p3ke', root, env, dryRun: true });
			}
			expectLogMatchesCurrent(root, stage);
			// Before the switch nothing published changed; at `log` the switch had happened and the new snapshot is complete.
			if (stage === 'log') expect(readImportLog(root).at(-1)).toMatchObject({ outcome: 'published', reconciled: true });
			// Killed while writing the values answers, after the data was published and logged: served from the tables.
			else if (stage === 'answers') expect(fs.existsSync(path.join(currentSnapshotDir(root) as string, 'answers.json'))).toBe(false);
			else expect(publishedDigest(root), stage).toBe(before);
		}
		expect(readImportLog(root).filter((e) => e.outcome === 'abandoned')).toHaveLength(1);
	}, 400_000);

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
