/**
 * Answers remembered per open snapshot database. A snapshot never changes, so an answer computed once
 * stays right for as long as that database serves; keying on the database object drops the answers
 * together with the database when a new snapshot is published.
 *
 * The bound is in entries and in bytes: a national village answer holds its 83,762 rows and their
 * encoded body (about 20 MB), and whatever stays on the JS heap also raises how far V8 lets the heap
 * grow with garbage before a full collection (about three times what is live), so 128 of them would
 * cost gigabytes where 128 regency answers cost a few megabytes.
 */
export const MAX_ENTRIES = 128;
export const MAX_BYTES = 128 * 2 ** 20;

interface Entry {
	value: Promise<unknown>;
	/** Estimated once the answer has settled; 0 while it is computed. */
	bytes: number;
}

interface Cache {
	entries: Map<string, Entry>;
	bytes: number;
}

export type Memo = <T>(db: object, key: string, compute: () => Promise<T>) => Promise<T>;

export function createMemo(maxEntries = MAX_ENTRIES, maxBytes = MAX_BYTES): Memo {
	const caches = new WeakMap<object, Cache>();

	function forget(cache: Cache, key: string) {
		cache.bytes -= cache.entries.get(key)?.bytes ?? 0;
		cache.entries.delete(key);
	}

	function trim(cache: Cache, keep: string) {
		for (const oldest of cache.entries.keys()) {
			if (cache.entries.size <= maxEntries && cache.bytes <= maxBytes) break;
			if (oldest !== keep) forget(cache, oldest);
		}
	}

	return <T>(db: object, key: string, compute: () => Promise<T>): Promise<T> => {
		let cache = caches.get(db);
		if (!cache) caches.set(db, (cache = { entries: new Map(), bytes: 0 }));
		const c = cache;
		const hit = c.entries.get(key);
		if (hit) {
			c.entries.delete(key);
			c.entries.set(key, hit);
			return hit.value as Promise<T>;
		}
		const value = compute();
		const entry: Entry = { value, bytes: 0 };
		c.entries.set(key, entry);
		value.then(
			(answer) => {
				if (c.entries.get(key) !== entry) return;
				entry.bytes = approxBytes(answer);
				c.bytes += entry.bytes;
				trim(c, key);
			},
			() => c.entries.get(key) === entry && forget(c, key)
		);
		trim(c, key);
		return value;
	};
}

export const memo = createMemo();

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
