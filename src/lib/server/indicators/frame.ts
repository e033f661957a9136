import type { Level } from '../../indicators';
import { codeDigits, codesFingerprint } from '../../region-code';
import { encodeText, type EncodedText, type SharedSlot } from '../api/arrow';
import type { SnapshotDatabase } from '../db';

/**
 * The rows every values answer at one level is laid out on: the level's regions in code order, with
 * their names. They are the same for every indicator and period, so they are read from DuckDB once
 * per snapshot (the strings cross into JS once) and each answer reads only its value column, a typed
 * array in the same order. A region under a prefix is a contiguous run of the frame (a slice).
 */
export interface FrameSlice {
	codes: readonly string[];
	names: readonly (string | null)[];
	/** The codes as Int64 digits; null when a code is not a dotted region code (`ID`). */
	digits: BigInt64Array | null;
	/** The same as doubles (exact: codes are below 2^53): looked up without a BigInt per read. */
	numbers: Float64Array | null;
	/** Made on first use and kept with the slice. */
	text?: EncodedText;
	fingerprint?: string;
	json?: { codes: string[]; names: string[] };
	/** Compressed bytes shared by answers with names (code, name) and without (code). */
	slots: { named: SharedSlot; unnamed: SharedSlot };
}

interface Frame {
	codes: string[];
	names: (string | null)[];
	/** False when codes repeat or are not in JS order: answers then read codes and names themselves. */
	ordered: boolean;
	slices: Map<string, FrameSlice>;
}

const FRAME = 'SELECT code, name FROM regions WHERE level = $1 ORDER BY code';

export function makeSlice(codes: readonly string[], names: readonly (string | null)[]): FrameSlice {
	const digits = new BigInt64Array(codes.length);
	const numbers = new Float64Array(codes.length);
	let dotted = true;
	codes.forEach((c, i) => {
		const d = codeDigits(c);
		if (d === null) dotted = false;
		else [digits[i], numbers[i]] = [d, Number(d)];
	});
	return dotted ? { codes, names, digits, numbers, slots: { named: {}, unnamed: {} } } : { codes, names, digits: null, numbers: null, slots: { named: {}, unnamed: {} } };
}

async function buildFrame(db: SnapshotDatabase, level: Level): Promise<Frame> {
	const { columns } = await db.columns(FRAME, [level]);
	const codes = (columns.code?.values ?? []) as string[];
	const names = (columns.name?.values ?? []) as (string | null)[];
	let ordered = true;
	for (let i = 1; i < codes.length && ordered; i++) ordered = codes[i - 1]! < codes[i]!;
	return { codes, names, ordered, slices: new Map() };
}

/** First index whose code is ≥ `key` (codes sorted). */
function lowerBound(codes: readonly string[], key: string): number {
	let [lo, hi] = [0, codes.length];
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (codes[mid]! < key) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The slice of the level's frame whose codes start with `prefix` (all of it for ''), in the order
 * `ORDER BY code` gives; null when the frame cannot be trusted to match a query row for row.
 */
export async function frameSlice(db: SnapshotDatabase, level: Level, prefix: string): Promise<FrameSlice | null> {
	const frame = await db.derived(`frame:${level}`, () => buildFrame(db, level));
	if (!frame.ordered) return null;
	let slice = frame.slices.get(prefix);
	if (!slice) {
		const lo = lowerBound(frame.codes, prefix);
		const hi = prefix === '' ? frame.codes.length : lowerBound(frame.codes, prefix + '\uffff');
		slice = makeSlice(frame.codes.slice(lo, hi), frame.names.slice(lo, hi));
		frame.slices.set(prefix, slice);
	}
	return slice;
}

/** Index of the region whose code's digits are `digits` in a slice (its digits ascend, as its codes do); -1 when none. */
export function indexOfDigits(slice: FrameSlice, digits: number): number {
	const d = slice.numbers;
	if (!d) return -1;
	let [lo, hi] = [0, d.length];
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (d[mid]! < digits) lo = mid + 1;
		else hi = mid;
	}
	return lo < d.length && d[lo] === digits ? lo : -1;
}

export const sliceText = (s: FrameSlice) => (s.text ??= encodeText(s.names));
export const sliceFingerprint = (s: FrameSlice) => (s.fingerprint ??= codesFingerprint(s.codes));
export const sliceJson = (s: FrameSlice) => (s.json ??= { codes: s.codes.map((c) => JSON.stringify(c)), names: s.names.map((n) => JSON.stringify(n)) });
