import path from 'node:path';
import { error } from '@sveltejs/kit';
import { forgetMemo } from '../api/memo';
import { dataDir } from '../config';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { checkAnswers } from '../indicators/prebuilt';
import { frameSlice } from '../indicators/frame';
import { LEVELS } from '../../indicators';
import { prepareCoverage } from '../coverage/query';
import { prepareSpans } from './spans';
import { reconcileInBackground } from '../importer/reconcile';
import { currentSnapshotDir, listSnapshots, readManifest, snapshotsDir, verifySnapshotFiles } from '../snapshot/store';
import type { SnapshotDatabase } from './database';
import { openFullDatabase, openPublicDatabase } from './views';

/** The snapshot being served, in its two views (see views.ts); both always come from the same snapshot. */
export interface ServedSnapshot {
	dir: string;
	full: SnapshotDatabase;
	public: SnapshotDatabase;
}

/** How often `current` is read again. */
const RECHECK_MS = 1000;
/** A replaced snapshot closes once nothing has queried it for this long. */
const IDLE_MS = 10_000;
/** How often a `current` that failed its checksums is tried again when nothing else can be served. */
const RETRY_MS = 30_000;

/** `dir` is null while the server looks for an older snapshot to fall back to. */
let active: { dir: string | null; served: Promise<ServedSnapshot> } | null = null;
let failed: { dir: string; error: string; at: number } | null = null;
/** The import log's reconciliation pass, started once by the first request (see importer/reconcile.ts). */
let reconciling: Promise<unknown> | null = null;
let checkedAt = 0;
const retired = new Set<ServedSnapshot>();
let sweeper: ReturnType<typeof setInterval> | null = null;

/** Nothing to serve yet: a 503 in both languages, for pages and endpoints alike. */
function noSnapshot(): never {
	error(503, bilingual(both(m.error_no_snapshot), 'unavailable'));
}

function nothingVerifies(reason: string): never {
	error(
		503,
		bilingual(both(m.error_snapshot_unverified, { reason }), 'unavailable')
	);
}

/** What the server serves: `degraded` means `current` could not be served and an older snapshot is served instead. */
export interface SnapshotHealth {
	status: 'ok' | 'degraded' | 'unavailable';
	serving: string | null;
	failed: { snapshot: string; error: string } | null;
}

export function snapshotHealth(): SnapshotHealth {
	const serving = active?.dir ? path.basename(active.dir) : null;
	return {
		status: failed ? (serving ? 'degraded' : 'unavailable') : serving ? 'ok' : 'unavailable',
		serving,
		failed: failed && { snapshot: path.basename(failed.dir), error: failed.error }
	};
}

/** Closes replaced snapshots once idle, and forgets the answers remembered for them. */
function retire(served: ServedSnapshot) {
	retired.add(served);
	sweeper ??= setInterval(() => {
		for (const s of retired) {
			if (!s.full.idleFor(IDLE_MS) || !s.public.idleFor(IDLE_MS)) continue;
			for (const db of [s.full, s.public]) {
				forgetMemo(db);
				db.close();
			}
			retired.delete(s);
		}
		if (retired.size === 0 && sweeper) {
			clearInterval(sweeper);
			sweeper = null;
		}
	}, 1000);
	sweeper.unref();
}

/**
 * What every first answer of a kind would otherwise read before it can start, built before the snapshot
 * serves: the levels' frames of codes and names, the rows' spans and the programmes per region.
 */
function prepareLookups(db: SnapshotDatabase): Promise<unknown> {
	return Promise.all([prepareSpans(db), prepareCoverage(db), ...LEVELS.map((level) => frameSlice(db, level, ''))]);
}

/** Opens both views of a snapshot only after every Parquet file matches the sha256 in its manifest. */
async function openServed(dir: string): Promise<ServedSnapshot> {
	const started = performance.now();
	await verifySnapshotFiles(dir, readManifest(dir));
	const [full, pub] = await Promise.allSettled([openFullDatabase(dir), openPublicDatabase(dir)]);
	if (full.status === 'rejected' || pub.status === 'rejected') {
		for (const r of [full, pub]) if (r.status === 'fulfilled') r.value.close();
		throw full.status === 'rejected' ? full.reason : (pub as PromiseRejectedResult).reason;
	}
	const [answers] = await Promise.all([checkAnswers(full.value), prepareLookups(full.value)]);
	console.log(`snapshot ${path.basename(dir)}: files checked and opened in ${((performance.now() - started) / 1000).toFixed(1)} s (${answers} prebuilt answers)`);
	const served = { dir, full: full.value, public: pub.value };
	// A household file damaged under the running server: serve the last good snapshot from then on.
	served.full.onCorrupt = (_db, reason) => fallBack(served, reason);
	return served;
}

/** The newest snapshot other than `broken` whose files verify. */
async function openLastGood(root: string, broken: string, reason: string): Promise<ServedSnapshot> {
	const candidates = listSnapshots(root)
		.map((m) => path.join(snapshotsDir(root), m.id))
		.filter((dir) => dir !== broken)
		.reverse();
	for (const dir of candidates) {
		try {
			return await openServed(dir);
		} catch {
			// try the next older one
		}
	}
	return nothingVerifies(reason);
}

function fallBack(broken: ServedSnapshot, reason: string) {
	if (active?.dir !== broken.dir) return;
	failed = { dir: broken.dir, error: reason, at: Date.now() };
	retire(broken);
	const searching: NonNullable<typeof active> = {
		dir: null,
		served: openLastGood(dataDir(), broken.dir, reason).then(
			(good) => {
				if (active === searching) searching.dir = good.dir;
				return good;
			},
			(none: unknown) => {
				if (active === searching) active = null;
				throw none;
			}
		)
	};
	// Requests that come later await it and get its 503; none may be waiting when it settles.
	searching.served.catch(() => {});
	active = searching;
}

function open(root: string, dir: string) {
	const previous = active;
	const opening = openServed(dir).then(
		(served) => {
			failed = null;
			if (previous) previous.served.then(retire, () => {});
			return served;
		},
		async (err: unknown) => {
			const reason = err instanceof Error ? err.message : String(err);
			failed = { dir, error: reason, at: Date.now() };
			if (previous) {
				active = previous;
				return previous.served;
			}
			try {
				const good = await openLastGood(root, dir, reason);
				active = { dir: good.dir, served: Promise.resolve(good) };
				return good;
			} catch (none) {
				active = null;
				throw none;
			}
		}
	);
	active = { dir, served: opening };
}

/**
 * The snapshot being served. `current` is re-read at most once a second; when it moves, the next
 * request opens the new snapshot and the old one closes once idle. A snapshot that fails to open (a
 * file not matching its checksum, a corrupt Parquet) is never served: the last good one stays, and
 * `snapshotHealth()` says so. So does a snapshot whose household files change under the running
 * server and then fail their checksum.
 */
export async function getSnapshot(): Promise<ServedSnapshot> {
	const root = dataDir();
	reconciling ??= reconcileInBackground(root);
	const now = Date.now();
	if (!active || now - checkedAt >= RECHECK_MS) {
		checkedAt = now;
		const dir = currentSnapshotDir(root);
		if (!dir) noSnapshot();
		if (active?.dir === dir || (failed?.dir === dir && active)) {
			// serving it already, or serving the fallback for it
		} else if (failed?.dir === dir && now - failed.at < RETRY_MS) nothingVerifies(failed.error);
		else open(root, dir);
	}
	const serving = active!;
	const served = await serving.served;
	try {
		await served.full.checkFiles();
	} catch (err) {
		// The check found a damaged file and `fallBack` moved on: this request is served by what comes next.
		if (active !== serving) return getSnapshot();
		throw err;
	}
	return served;
}

/** The full view (every table) of the served snapshot. */
export const getDatabase = async (): Promise<SnapshotDatabase> => (await getSnapshot()).full;

/** The public view (suppressed tables only, no files) of the same snapshot. */
export const getPublicDatabase = async (): Promise<SnapshotDatabase> => (await getSnapshot()).public;
