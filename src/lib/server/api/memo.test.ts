import { expect, it } from 'vitest';
import { MAX_ENTRIES, approxBytes, createMemo, memo } from './memo';

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

it('forgets the least recently used answers once their bytes pass the budget, however few they are', async () => {
	const remember = createMemo(100, 200_000);
	const db = {};
	const computed: string[] = [];
	const rows = (key: string) => async () => {
		computed.push(key);
		return { rows: Array.from({ length: 1000 }, (_, i) => ({ code: `63.02.01.${2001 + i}`, value: i })) };
	};
	// Each answer is about 85 KB, so the budget keeps two: c pushes a out, a coming back pushes b out.
	for (const key of ['a', 'b', 'c', 'a', 'c', 'b']) await remember(db, key, rows(key));
	expect(computed).toEqual(['a', 'b', 'c', 'a', 'b']);
	// One answer bigger than the whole budget is still kept until the next one comes.
	const huge = createMemo(100, 10);
	let calls = 0;
	const compute = async () => ({ body: 'x'.repeat(100), n: ++calls });
	expect((await huge(db, 'k', compute)).n).toBe(1);
	expect((await huge(db, 'k', compute)).n).toBe(1);
});

it('estimates the bytes an answer holds from its strings, rows and buffers, each object once', () => {
	const row = { code: '63.02.01.2001', name: 'Sungai Bali', value: 12.5 };
	expect(approxBytes('x'.repeat(1000))).toBeGreaterThanOrEqual(1000);
	expect(approxBytes({ body: new Uint8Array(4096) })).toBeGreaterThanOrEqual(4096);
	const many = approxBytes({ rows: Array.from({ length: 1000 }, (_, i) => ({ ...row, value: i })) });
	expect(many).toBeGreaterThan(1000 * 24);
	expect(many).toBeLessThan(1000 * 200);
	expect(approxBytes({ rows: Array.from({ length: 1000 }, () => row) })).toBeLessThan(many / 5);
	const cyclic: Record<string, unknown> = { name: 'loop' };
	cyclic.self = cyclic;
	expect(approxBytes(cyclic)).toBeLessThan(200);
});
