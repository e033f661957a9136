import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importFile, type Progress } from '.';
import { readImportLog } from './log';
import { KEY, householdsCsv, publishedDigest, useImportRoot } from '../../../../tests/importer';

/** A long import tells where it is and can be stopped without leaving anything behind. */
const env = { TEPAT_HMAC_KEY: KEY, USER: 'tester' };
const ROWS = 200_000;

describe('progress and cancel on a large file', () => {
	const folders = useImportRoot('progress');
	let root: string;
	let work: string;
	let file: string;
	beforeAll(() => {
		root = folders.root();
		work = folders.work();
		file = householdsCsv(path.join(work, 'dtks-besar.csv'), [...Array(ROWS).keys()]);
	});
	const staging = () => (fs.existsSync(path.join(root, 'staging')) ? fs.readdirSync(path.join(root, 'staging')) : []);

	it('a check reports its stages in order, the rows read, a growing share done and the time left', async () => {
		const seen: Progress[] = [];
		const result = await importFile({ kind: 'households', register: 'dtks', file, root, env, dryRun: true, onProgress: (p) => seen.push(p) });
		expect(result.outcome).toBe('checked');
		expect([...new Set(seen.map((p) => p.stage))]).toEqual(['read', 'validate', 'merge']);
		expect(seen.filter((p) => p.stage === 'validate').every((p) => p.rows === ROWS)).toBe(true);
		expect(seen.filter((p) => p.stage === 'read').every((p) => p.rows <= ROWS * 1.5)).toBe(true);
		const fractions = seen.map((p) => p.fraction);
		expect(fractions.every((f, i) => i === 0 || f >= (fractions[i - 1] as number) - 1e-9)).toBe(true);
		expect(fractions.at(-1)).toBeGreaterThan(0.8);
		expect(seen.some((p) => p.etaMs !== null && p.etaMs > 0)).toBe(true);
	});

	it('a publish cancelled while it validates stops with CANCELLED, publishes nothing, clears staging and frees the lock', async () => {
		const before = publishedDigest(root);
		const cancel = new AbortController();
		const run = importFile({
			kind: 'households',
			register: 'dtks',
			file,
			root,
			env,
			signal: cancel.signal,
			onStage: (s) => {
				if (s === 'validate') setTimeout(() => cancel.abort(), 50);
			}
		});
		await expect(run).rejects.toSatisfy((e) => e instanceof ImportError && e.code === 'CANCELLED');
		expect(publishedDigest(root)).toBe(before);
		expect(staging()).toEqual([]);
		expect(readImportLog(root).at(-1)).toMatchObject({ outcome: 'failed', code: 'CANCELLED' });
		// The lock is free: the next import runs at once.
		const small = householdsCsv(path.join(work, 'dtks-kecil.csv'), [1, 2, 3]);
		expect((await importFile({ kind: 'households', register: 'dtks', file: small, root, env, lockWaitMs: 1000 })).outcome).toBe('published');
	});

	it('Ctrl-C on the command line cancels the import in both languages, exit 2, nothing published', async () => {
		const before = publishedDigest(root);
		const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'households', file, '--register', 'dtks'], {
				env: { ...process.env, ...env, TEPAT_DATA_DIR: root },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let err = '';
			child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
			child.stdout.setEncoding('utf8').on('data', (d: string) => {
				if (d.includes('stage: validate')) child.kill('SIGINT');
			});
			child.on('close', (c) => resolve({ code: c, stderr: err }));
		});
		expect(code).toBe(2);
		expect(stderr).toContain('CANCELLED: Dibatalkan oleh pengguna');
		expect(stderr).toContain('Cancelled by the user');
		expect(publishedDigest(root)).toBe(before);
		expect(staging()).toEqual([]);
	}, 120_000);
});
