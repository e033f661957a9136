import { expect, it } from 'vitest';
import { approxBytes, createMemo, memo, memoBudget } from './memo';

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

it('shares one computation between concurrent first requests, and remembers null answers', async () => {
	const remember = createMemo(2 ** 20);
	const db = {};
	let calls = 0;
	const slow = () =>
		new Promise<null>((resolve) => {
			calls++;
			setTimeout(() => resolve(null), 20);
		});
	expect(await Promise.all([remember(db, 'k', slow), remember(db, 'k', slow), remember(db, 'k', slow)])).toEqual([null, null, null]);
	expect(await remember(db, 'k', slow)).toBeNull();
	expect(calls).toBe(1);
});

it('forgets the least recently used answers once their bytes pass the budget, however few they are', async () => {
	const remember = createMemo(200_000);
	const db = {};
	const computed: string[] = [];
	const rows = (key: string) => async () => {
		computed.push(key);
		return { body: new Uint8Array(85_000) };
	};
	// Each answer is about 85 KB, so the budget keeps two: c pushes a out, a coming back pushes b out.
	for (const key of ['a', 'b', 'c', 'a', 'c', 'b']) await remember(db, key, rows(key));
	expect(computed).toEqual(['a', 'b', 'c', 'a', 'b']);
	expect(remember.bytes()).toBeLessThanOrEqual(200_000);
	// An answer bigger than the whole budget is answered, never kept.
	let calls = 0;
	const huge = async () => ({ body: new Uint8Array(300_000), n: ++calls });
	expect((await remember(db, 'huge', huge)).n).toBe(1);
	expect((await remember(db, 'huge', huge)).n).toBe(2);
	expect(remember.bytes()).toBeLessThanOrEqual(200_000);
});

it("drops a closed database's answers and keeps the others'; a budget of 0 remembers nothing", async () => {
	const remember = createMemo(2 ** 20);
	const [old, current] = [{}, {}];
	let calls = 0;
	const compute = async () => ++calls;
	await remember(old, 'k', compute);
	await remember(current, 'k', compute);
	remember.forget(old);
	expect(await remember(old, 'k', compute)).toBe(3);
	expect(await remember(current, 'k', compute)).toBe(2);
	const off = createMemo(0);
	expect(await off(current, 'k', compute)).toBe(4);
	expect(await off(current, 'k', compute)).toBe(5);
	expect(off.bytes()).toBe(0);
});

it('takes its budget from TEPAT_MEMO_MB, 256 MiB by default', () => {
	expect(memoBudget(undefined)).toBe(256 * 2 ** 20);
	expect(memoBudget('64')).toBe(64 * 2 ** 20);
	expect(memoBudget('0')).toBe(0);
	expect(() => memoBudget('lots')).toThrow(/TEPAT_MEMO_MB/);
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
