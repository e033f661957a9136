import { LRUCache } from 'lru-cache';

/**
 * Answers remembered per open snapshot database. A snapshot never changes, so an answer computed once
 * stays right for as long as that database serves; answers are keyed by the database, and the server
 * forgets a database's answers when it closes it (db/served.ts).
 *
 * One least-recently-used cache bounded by bytes (lru-cache with `maxSize`), shared by every database:
 * a national village answer holds megabytes of encoded bytes where a regency answer holds kilobytes,
 * so a bound in entries says nothing about memory. `TEPAT_MEMO_MB` sets the budget (default 256 MiB;
 * 0 turns remembering off, every request computes its answer).
 */
export const DEFAULT_MEMO_MB = 256;

export function memoBudget(env: string | undefined = process.env.TEPAT_MEMO_MB): number {
	if (env === undefined || env === '') return DEFAULT_MEMO_MB * 2 ** 20;
	const mb = Number(env);
	if (!Number.isFinite(mb) || mb < 0) throw new Error(`TEPAT_MEMO_MB must be a number of MiB ≥ 0 (got ${env})`);
	return Math.round(mb * 2 ** 20);
}

/** What a memo remembers about one scope (an open database) and how much it holds. */
export interface Memo {
	<T>(scope: object, key: string, compute: () => Promise<T>): Promise<T>;
	/** Drops every answer remembered for `scope`. */
	forget(scope: object): void;
	/** Bytes held, as `approxBytes` counts them. */
	bytes(): number;
}

/** Boxed, so that null and undefined answers are remembered too. */
interface Box {
	value: unknown;
}

export function createMemo(maxBytes = memoBudget()): Memo {
	const ids = new WeakMap<object, number>();
	let next = 0;
	const idOf = (scope: object) => {
		let id = ids.get(scope);
		if (id === undefined) ids.set(scope, (id = ++next));
		return id;
	};
	const cache =
		maxBytes > 0
			? new LRUCache<string, Box, () => Promise<unknown>>({
					maxSize: maxBytes,
					sizeCalculation: (box, key) => Math.max(1, key.length + approxBytes(box.value)),
					fetchMethod: async (_key, _stale, { context }) => ({ value: await context() })
				})
			: null;
	const memo = async <T>(scope: object, key: string, compute: () => Promise<T>): Promise<T> => {
		if (!cache) return compute();
		const box = await cache.fetch(`${idOf(scope)}|${key}`, { context: compute });
		return box!.value as T;
	};
	return Object.assign(memo, {
		forget(scope: object) {
			const id = ids.get(scope);
			if (id === undefined || !cache) return;
			for (const key of [...cache.keys()]) if (key.startsWith(`${id}|`)) cache.delete(key);
		},
		bytes: () => cache?.calculatedSize ?? 0
	});
}

export const memo = createMemo();

export const forgetMemo = (scope: object) => memo.forget(scope);

/**
 * Roughly the memory a settled answer holds: string lengths, typed array bytes, and a few words per
 * object, array slot and property, walked once when the answer is kept. Objects reached twice count once.
 */
export function approxBytes(root: unknown): number {
	const seen = new Set<object>();
	const stack: unknown[] = [root];
	let bytes = 0;
	while (stack.length) {
		const v = stack.pop();
		if (typeof v === 'string') bytes += 16 + v.length;
		else if (typeof v !== 'object' || v === null) bytes += 8;
		else if (seen.has(v)) continue;
		else {
			seen.add(v);
			if (ArrayBuffer.isView(v)) bytes += 64 + v.byteLength;
			else if (v instanceof ArrayBuffer) bytes += 32 + v.byteLength;
			else if (Array.isArray(v)) {
				bytes += 16 + 8 * v.length;
				for (const x of v) stack.push(x);
			} else if (v instanceof Map || v instanceof Set) {
				bytes += 32 + 16 * v.size;
				for (const x of v instanceof Map ? [...v.keys(), ...v.values()] : v) stack.push(x);
			} else {
				const values = Object.values(v);
				bytes += 24 + 8 * values.length;
				for (const x of values) stack.push(x);
			}
		}
	}
	return bytes;
}
