/**
 * Answers remembered per open snapshot database. A snapshot never changes, so an answer computed once
 * stays right for as long as that database serves; keying on the database object drops the answers
 * together with the database when a new snapshot is published.
 */
export const MAX_ENTRIES = 128;
const caches = new WeakMap<object, Map<string, Promise<unknown>>>();

export function memo<T>(db: object, key: string, compute: () => Promise<T>): Promise<T> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	const hit = cache.get(key) as Promise<T> | undefined;
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const value = compute();
	const entries = cache;
	entries.set(key, value);
	value.catch(() => entries.delete(key));
	if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
	return value;
}
