import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ImportError } from '../importer/messages';

/**
 * One publisher at a time per data folder: imports (checks too), rollbacks and demo publishes.
 * Inside one process a FIFO queue orders them; across processes and hosts sharing the folder,
 * `proper-lockfile` holds `.publish.lock`, a directory whose mtime the holder refreshes every few
 * seconds. A holder killed with -9 stops refreshing, and its lock is taken over once STALE_MS old.
 * A waiter gives up after `waitMs` with IMPORT_BUSY; nothing is published then.
 */
export const STALE_MS = 10_000;
/** How long a publish waits for the one before it by default (a national register takes minutes). */
export const LOCK_WAIT_MS = 10 * 60_000;
const POLL_MS = 200;

export const lockPath = (root: string) => path.join(root, '.publish.lock');

export interface HeldLock {
	/** Throws LOCK_LOST when another process took the lock over (this one stalled past STALE_MS). */
	assertHeld(): void;
}

const queues = new Map<string, Promise<void>>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves true once `turn` settles, false when `ms` pass first. */
async function within(turn: Promise<void>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
	try {
		return await Promise.race([turn.then(() => true as const), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

const busy = (waitMs: number) => new ImportError('IMPORT_BUSY', `${Math.round(waitMs / 1000)} s`);

async function acquire(root: string, deadline: number, waitMs: number, onLost: () => void): Promise<() => Promise<void>> {
	for (;;) {
		try {
			return await lockfile.lock(root, { lockfilePath: lockPath(root), stale: STALE_MS, realpath: false, onCompromised: onLost });
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
			if (Date.now() >= deadline) throw busy(waitMs);
			await sleep(POLL_MS);
		}
	}
}

/** Runs `fn` holding the data folder's publish lock; waits at most `waitMs` for it. */
export async function withPublishLock<T>(root: string, fn: (lock: HeldLock) => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
	const key = path.resolve(root);
	fs.mkdirSync(key, { recursive: true });
	const deadline = Date.now() + waitMs;
	const before = queues.get(key) ?? Promise.resolve();
	let done = () => {};
	const mine = new Promise<void>((r) => (done = r));
	// The next waiter starts after this one *and* the one before it, even if this one gives up early.
	const tail = before.then(() => mine);
	queues.set(key, tail);
	try {
		if (!(await within(before, waitMs))) throw busy(waitMs);
		let lost = false;
		const release = await acquire(key, deadline, waitMs, () => (lost = true));
		try {
			return await fn({
				assertHeld: () => {
					if (lost) throw new ImportError('LOCK_LOST');
				}
			});
		} finally {
			await release().catch(() => {});
		}
	} finally {
		done();
		if (queues.get(key) === tail) queues.delete(key);
	}
}

/** Runs `fn` only if the lock is free right now; returns null when someone else holds it. */
export async function ifLockFree<T>(root: string, fn: () => Promise<T>): Promise<T | null> {
	try {
		return await withPublishLock(root, fn, 0);
	} catch (err) {
		if (err instanceof ImportError && err.code === 'IMPORT_BUSY') return null;
		throw err;
	}
}
