import { expect, it } from 'vitest';
import { MAX_ENTRIES, memo } from './memo';

it('computes an answer once per database and key, and again for a new database or after a failure', async () => {
	const first = {};
	const second = {};
	let calls = 0;
	const compute = async () => ++calls;
	expect(await memo(first, 'k', compute)).toBe(1);
	expect(await memo(first, 'k', compute)).toBe(1);
	expect(await memo(first, 'other', compute)).toBe(2);
	expect(await memo(second, 'k', compute)).toBe(3);
	await expect(memo(first, 'bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
	expect(await memo(first, 'bad', compute)).toBe(4);
});

it('forgets the least recently used answers beyond its bound', async () => {
	const db = {};
	let calls = 0;
	const compute = async () => ++calls;
	const n = MAX_ENTRIES + 10;
	for (let i = 0; i < n; i++) await memo(db, `k${i}`, compute);
	expect(await memo(db, `k${n - 1}`, compute)).toBe(n);
	expect(await memo(db, 'k0', compute)).toBe(n + 1);
});
