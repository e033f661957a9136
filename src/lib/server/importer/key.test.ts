import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLocalKeyFile, loadHmacKey } from './key';

describe('the demo makes imports possible without a configured key', () => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-demokey-'));
	afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

	it('creates an owner-only key file in the state folder once, outside data/, that imports accept', () => {
		const state = path.join(work, 'state');
		const data = path.join(work, 'data');
		fs.mkdirSync(data);
		const file = ensureLocalKeyFile(state, {}) as string;
		expect(file).toBe(path.join(state, 'hmac.key'));
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.statSync(state).mode & 0o777).toBe(0o700);
		const key = loadHmacKey(data, { TEPAT_HMAC_KEY_FILE: file });
		// Reused, not replaced: household ids keep linking across demo runs.
		expect(ensureLocalKeyFile(state, {})).toBe(file);
		expect(loadHmacKey(data, { TEPAT_HMAC_KEY_FILE: file }).id).toBe(key.id);
		fs.chmodSync(file, 0o644);
		ensureLocalKeyFile(state, {});
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
	});

	it('leaves a configured key alone', () => {
		expect(ensureLocalKeyFile(path.join(work, 'other'), { TEPAT_HMAC_KEY: 'x'.repeat(40) })).toBeNull();
		expect(ensureLocalKeyFile(path.join(work, 'other'), { TEPAT_HMAC_KEY_FILE: '/etc/tepat/hmac.key' })).toBeNull();
		expect(fs.existsSync(path.join(work, 'other'))).toBe(false);
	});
});
