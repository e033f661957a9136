import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SnapshotDatabase } from '../src/lib/server/db';
import { buildSnapshot, openBuildDatabase, publishAndPrune } from '../src/lib/server/snapshot/build';
import { currentSnapshotDir } from '../src/lib/server/snapshot/store';
import { importFile, type ImportRequest } from '../src/lib/server/importer';

/** Shared by the importer's tests: temp data folders, digests of what is published, valid KK numbers. */
export const KEY = 'test-key-0123456789abcdef0123456789abcdef';

export const BASE = '20000101T000000Z-base';

/** For a test file of the upload page: a throw-away state folder (where uploads wait) and the HMAC key in process.env, restored afterwards. */
export function useUploadState(): void {
	const saved = { state: process.env.TEPAT_STATE_DIR, key: process.env.TEPAT_HMAC_KEY };
	let state = '';
	beforeAll(() => {
		state = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-state-'));
		process.env.TEPAT_STATE_DIR = state;
		process.env.TEPAT_HMAC_KEY = KEY;
	});
	afterAll(() => {
		process.env.TEPAT_STATE_DIR = saved.state;
		process.env.TEPAT_HMAC_KEY = saved.key;
		fs.rmSync(state, { recursive: true, force: true });
	});
}

/** A data folder with one published snapshot holding only the region master. */
export async function emptyRoot(): Promise<string> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-'));
	const db = await openBuildDatabase();
	try {
		await buildSnapshot(db.conn, root, { id: BASE, synthetic: false });
		publishAndPrune(root, BASE);
	} finally {
		db.close();
	}
	return root;
}

/** sha256 of every file under `snapshots/` plus where `current` points: equal digests mean byte-identical. */
export function publishedDigest(root: string): string {
	const hash = crypto.createHash('sha256').update(fs.readlinkSync(path.join(root, 'current')));
	const dir = path.join(root, 'snapshots');
	for (const snap of fs.readdirSync(dir).sort()) {
		// Recursive: a snapshot holds answers/ too.
		for (const f of fs.readdirSync(path.join(dir, snap), { recursive: true, encoding: 'utf8' }).sort()) {
			const file = path.join(dir, snap, f);
			if (fs.statSync(file).isFile()) hash.update(f).update(fs.readFileSync(file));
		}
	}
	return hash.digest('hex');
}

/** Valid KK numbers: Samboja prefix, issue date 1 Jan 2015 + i days, serial 0001. */
export function kk(i: number): string {
	const d = new Date(Date.UTC(2015, 0, 1 + i));
	const dd = String(d.getUTCDate()).padStart(2, '0');
	const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
	return `640213${dd}${mm}${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String((i % 9000) + 1).padStart(4, '0')}`;
}

export function householdsCsv(file: string, ids: number[], period = 2024): string {
	const lines = ['no_kk,nama_kepala,kode_desa,periode,desil,jumlah_anggota,balita'];
	for (const i of ids) lines.push(`${kk(i)},Kepala ${i},64.02.13.${i % 2 ? '1008' : '1009'},${period},${(i % 10) + 1},${(i % 6) + 1},${i % 2}`);
	fs.writeFileSync(file, lines.join('\n') + '\n');
	return file;
}


/**
 * For a describe block: a data folder with the region master published and a folder for test files,
 * both removed afterwards; `run` imports into it with the test key, `query` reads what is published.
 */
export function useImportRoot(label: string) {
	const dirs = { root: '', work: '' };
	beforeAll(async () => {
		dirs.root = await emptyRoot();
		dirs.work = fs.mkdtempSync(path.join(os.tmpdir(), `tepat-${label}-`));
	});
	afterAll(() => {
		fs.rmSync(dirs.root, { recursive: true, force: true });
		fs.rmSync(dirs.work, { recursive: true, force: true });
	});
	return {
		root: () => dirs.root,
		work: () => dirs.work,
		write(name: string, text: string): string {
			const file = path.join(dirs.work, name);
			fs.writeFileSync(file, text);
			return file;
		},
		run: (kind: string, file: string, extra: Partial<ImportRequest> = {}) => importFile({ kind, file, root: dirs.root, env: { TEPAT_HMAC_KEY: KEY, USER: 'tester' }, ...extra }),
		async query(sql: string, params: (string | number)[] = []): Promise<Record<string, unknown>[]> {
			const db = await SnapshotDatabase.open(currentSnapshotDir(dirs.root) as string);
			try {
				return await db.query(sql, params);
			} finally {
				db.close();
			}
		}
	};
}
