import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccount } from './accounts';
import { openStore } from './store';

/** The state folder holds password and session hashes and the audit log: no one but its owner may read it. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-statefiles-'));
let umask: number;
beforeAll(() => {
	// The usual default, under which files are created readable by everyone unless made otherwise.
	umask = process.umask(0o022);
});
afterAll(() => {
	process.umask(umask);
	fs.rmSync(tmp, { recursive: true, force: true });
});

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
const files = (dir: string) => ['tepat.sqlite', 'tepat.sqlite-wal', 'tepat.sqlite-shm'].map((f) => path.join(dir, f));

describe('state folder permissions', () => {
	it('creates the state folder for its owner only, and the database with its WAL and shared-memory files', async () => {
		const dir = path.join(tmp, 'fresh', 'state');
		const store = openStore(path.join(dir, 'tepat.sqlite'));
		try {
			await createAccount(store, { username: 'rina', password: 'correct horse battery', role: 'planner', scope: '63.02' });
			expect(mode(dir)).toBe('700');
			expect(files(dir).map(mode)).toEqual(['600', '600', '600']);
		} finally {
			await store.close();
		}
	});

	it('tightens a state folder and files that were readable by others, and says so in the log', async () => {
		const dir = path.join(tmp, 'old', 'state');
		const running = openStore(path.join(dir, 'tepat.sqlite'));
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			await createAccount(running, { username: 'rina', password: 'correct horse battery', role: 'planner', scope: '63.02' });
			// As an older version (or a careless copy) left them, while another instance keeps the WAL open.
			fs.chmodSync(dir, 0o755);
			for (const f of files(dir)) fs.chmodSync(f, 0o644);
			const second = openStore(path.join(dir, 'tepat.sqlite'));
			await second.close();
			expect(mode(dir)).toBe('700');
			expect(files(dir).map(mode)).toEqual(['600', '600', '600']);
			const logged = warn.mock.calls.map((c) => String(c[0]));
			for (const p of [dir, ...files(dir)]) expect(logged.some((line) => line.includes(p) && /now 600|now 700/.test(line))).toBe(true);
		} finally {
			warn.mockRestore();
			await running.close();
		}
	});
});
