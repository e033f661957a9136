import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Message, Table, tableToIPC } from 'apache-arrow';
import type { Level } from '../../indicators';
import { childPrefix } from '../../region-code';
import { arrowBatch, narrowNumbers, plainText, type ArrowColumn, type EncodedText } from '../api/arrow';
import { encode, gzipMember, type Encoded } from '../api/encoding';
import { isValid, type NumericColumn } from '../db/columns';
import { fileSignature, SnapshotDatabase } from '../db/database';
import { answersSchema, type Manifest } from '../snapshot/store';
import { CATALOGUE, type CatalogueEntry } from './catalogue';
import type { FrameSlice } from './frame';
import { indicatorPeriods, indicatorValueColumns } from './query';

/**
 * Values answers written ready to send. A register indicator's values for one period at one level
 * are the same for everyone who may see them, so the snapshot build writes each national answer
 * once, as an Arrow IPC stream with one record batch per regency (per province at the regency level)
 * in one deflate stream, fully flushed after the schema and at each province, so that decoding may
 * start there. The server answers the country by sending that stream inside a gzip header and
 * trailer, and a regency (or province) with its schema, its batches and the end-of-stream marker,
 * inflated from its province's flush point and compressed again (a few kilobytes): no query, no
 * Arrow encoding.
 *
 * Only the full view reads them: they are made from `region_values`, which the public view does not
 * hold (it answers from the suppressed public table, on the live path). A snapshot without them
 * (built before) and a request they cannot answer (JSON, CSV, a district's villages) take the live path.
 */

/** Answers made at the same time by `writeValueAnswers`. */
const ANSWERS_AT_ONCE = 3;

/** Characters of a code that name its batch, per level; the province level is one batch. */
const GROUPED: Partial<Record<Level, number>> = { village: 5, district: 5, regency: 2, province: 0 };

/** What precedes the deflate stream in an answer file. */
interface Head {
	/** The code prefix of each record batch, in code order. */
	groups: string[];
	/** Where each message of the uncompressed stream ends: schema, one per batch, end of stream (after a leading 0). */
	ends: number[];
	/** Messages at which the deflate stream was fully flushed (decoding may start there), and where each flushed piece starts in it, with its end last. */
	flushes: number[];
	packed: number[];
	/** CRC-32 and length of the whole uncompressed stream. */
	crc: number;
	length: number;
}

/** An IPC stream's end-of-stream marker. */
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

export const answerFile = (e: CatalogueEntry, period: number, level: Level, names: boolean) => `answers/${e.id}.${period}.${level}.${names ? 'named' : 'coded'}.bin`;

/** The schema metadata of an Arrow values answer, prebuilt or live. */
export function valuesMetadata(e: CatalogueEntry, level: Level, period: number, manifest: Manifest): Record<string, string> {
	return {
		indicator: e.id,
		unit: e.unit,
		level,
		period: String(period),
		source: e.source.id,
		method: e.method.id,
		snapshot: manifest.id,
		synthetic: String(manifest.synthetic)
	};
}

/** Where each message of an IPC stream ends (the first entry is 0; the last message is the end-of-stream marker). */
function messageEnds(bytes: Uint8Array): number[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const ends = [0];
	for (let at = 0; at + 8 <= bytes.byteLength; ) {
		const metaLength = view.getInt32(at + 4, true);
		if (metaLength === 0) {
			ends.push(at + 8);
			break;
		}
		const message = Message.decode(bytes.subarray(at + 8, at + 8 + metaLength));
		at += 8 + metaLength + Number(message.bodyLength);
		ends.push(at);
	}
	return ends;
}

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Each part deflated so that it decodes on its own, and any of them in order make one deflate stream:
 * one compressor, fully flushed after each part (a compressor per part costs ten times the time).
 */
async function deflateEach(parts: readonly Uint8Array[]): Promise<Uint8Array[]> {
	const deflate = zlib.createDeflateRaw({ level: 6 });
	const chunks: Buffer[] = [];
	deflate.on('data', (c: Buffer) => chunks.push(c));
	const out: Uint8Array[] = [];
	try {
		for (const part of parts) {
			deflate.write(part);
			await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_FULL_FLUSH, () => resolve()));
			out.push(Buffer.concat(chunks.splice(0)));
		}
	} finally {
		deflate.destroy();
	}
	return out;
}

/** Rows [from, to) of a numeric column, with their own validity bitmap. */
function sliceNumbers(c: NumericColumn, from: number, to: number): NumericColumn {
	const values = c.values.subarray(from, to);
	let nullCount = 0;
	const valid = new Uint8Array(Math.ceil((to - from) / 8));
	for (let i = from; i < to; i++) {
		if (isValid(c, i)) valid[(i - from) >> 3]! |= 1 << ((i - from) & 7);
		else nullCount++;
	}
	return { ...c, values, valid: nullCount ? valid : null, nullCount } as NumericColumn;
}

/** A level's frame cut into batches: each batch's code prefix, first row, codes and names (made once per level). */
interface Batches {
	groups: string[];
	starts: number[];
	codes: BigInt64Array[];
	names: EncodedText[];
}

function batchesOf(regions: FrameSlice, digits: BigInt64Array, width: number): Batches {
	const groups: string[] = [];
	const starts: number[] = [];
	regions.codes.forEach((code, i) => {
		const group = code.slice(0, width);
		if (group !== groups.at(-1)) {
			groups.push(group);
			starts.push(i);
		}
	});
	starts.push(regions.codes.length);
	const cut = <T>(f: (from: number, to: number) => T) => groups.map((_, i) => f(starts[i]!, starts[i + 1]!));
	return { groups, starts, codes: cut((a, b) => digits.subarray(a, b)), names: cut((a, b) => plainText(regions.names.slice(a, b))) };
}

/** One answer file: a record batch per group, the stream deflated in pieces that each decode on their own (schema, then one per province). */
async function answerBytes(b: Batches, value: NumericColumn, names: boolean, metadata: Record<string, string>): Promise<Uint8Array> {
	const batches = b.groups.map((_, i) => {
		const [from, to] = [b.starts[i]!, b.starts[i + 1]!];
		const columns: ArrowColumn[] = [{ name: 'code', kind: 'int64', values: b.codes[i]! }];
		if (names) columns.push({ name: 'name', kind: 'text', text: b.names[i]! });
		columns.push({ name: 'value', kind: 'number', column: sliceNumbers(value, from, to) });
		return arrowBatch(columns, to - from, metadata);
	});
	const stream = tableToIPC(new Table(batches), 'stream');
	const ends = messageEnds(stream);
	if (ends.length !== b.groups.length + 3 || ends.at(-1) !== stream.byteLength) throw new Error('unexpected Arrow stream layout');
	// Pieces start at the schema, at the first batch and at each batch of a new province; the last holds the end marker too.
	const flushes = [0, ...b.groups.flatMap((g, i) => (i === 0 || g.slice(0, 2) !== b.groups[i - 1]!.slice(0, 2) ? [i + 1] : []))];
	const pieces = await deflateEach(flushes.map((m, i) => stream.subarray(ends[m], ends[flushes[i + 1] ?? ends.length - 1])));
	const packed = [0];
	for (const p of pieces) packed.push(packed.at(-1)! + p.byteLength);
	const head: Head = { groups: b.groups, ends, flushes, packed, crc: zlib.crc32(stream), length: stream.byteLength };
	const text = Buffer.from(JSON.stringify(head));
	const prefix = Buffer.alloc(4);
	prefix.writeUInt32LE(text.byteLength);
	return Buffer.concat([prefix, text, ...pieces]);
}

/**
 * Writes every register indicator's answers (each period, each level but the country, with names and
 * without) into `dir`/answers from the snapshot's own Parquet, through the same queries the live path
 * runs; returns what goes into the manifest.
 */
export async function writeValueAnswers(dir: string): Promise<NonNullable<Manifest['answers']>> {
	const db = await SnapshotDatabase.open(dir, ['regions', 'region_values']);
	const out: NonNullable<Manifest['answers']> = {};
	const cuts = new WeakMap<FrameSlice, Batches>();
	// A few answers are made at once: one is deflated (in libuv's pool) while the next is queried and encoded.
	const jobs: Promise<void>[] = [];
	const running = new Set<Promise<void>>();
	const write = async (file: string, bytes: Promise<Uint8Array>) => {
		const done = await bytes;
		await fs.promises.writeFile(path.join(dir, file), done);
		out[file] = { sha256: sha256(done), bytes: done.byteLength };
	};
	try {
		fs.mkdirSync(path.join(dir, 'answers'), { recursive: true });
		for (const e of CATALOGUE) {
			if (e.kind !== 'register') continue;
			for (const level of e.levels) {
				const width = GROUPED[level];
				if (width === undefined) continue;
				for (const period of await indicatorPeriods(db, e)) {
					const { regions, value } = await indicatorValueColumns(db, e, 'ID', level, period);
					if (!regions.digits || regions.codes.length === 0) continue;
					let b = cuts.get(regions);
					if (!b) cuts.set(regions, (b = batchesOf(regions, regions.digits, width)));
					const numbers = narrowNumbers(value);
					for (const names of [true, false]) {
						const file = answerFile(e, period, level, names);
						// The manifest lists the answers in this order, whichever is written first.
						out[file] = { sha256: '', bytes: 0 };
						const job: Promise<void> = write(file, answerBytes(b, numbers, names, valuesMetadata(e, level, period, db.manifest))).finally(() => running.delete(job));
						// Handled at once: a failure is thrown by the Promise.all below (every job is kept for it), never left unhandled while a query runs.
						job.catch(() => undefined);
						jobs.push(job);
						running.add(job);
						if (running.size >= ANSWERS_AT_ONCE) await Promise.race(running);
					}
				}
			}
		}
		await Promise.all(jobs);
	} finally {
		await Promise.allSettled(jobs);
		db.close();
	}
	return out;
}

/** The batches [from, to) whose rows are exactly those under `prefix`; null when the prefix cuts a batch or matches none. */
function batchRun(groups: readonly string[], prefix: string): [number, number] | null {
	if (prefix === '') return [0, groups.length];
	let [from, to] = [-1, -1];
	for (let i = 0; i < groups.length; i++) {
		const group = `${groups[i]}.`;
		if (group.startsWith(prefix)) {
			if (from < 0) from = i;
			to = i + 1;
		} else if (prefix.startsWith(group)) return null;
	}
	return from < 0 ? null : [from, to];
}

const inflateRaw = promisify(zlib.inflateRaw);
const INFLATE = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/** An answer file whose bytes matched their sha256, while its `stat` stays what it was then. */
interface Checked {
	seen: string;
	/** A values answer's head (null for an answer sent whole, such as the workbench's). */
	head: Head | null;
	/** Where the deflate stream starts in the file. */
	dataAt: number;
}

const checkedFiles = new WeakMap<SnapshotDatabase, Map<string, Checked>>();

/** Values answers are Arrow streams with a head (`answerFile`); the others are sent as they are. */
const hasHead = (file: string) => file.endsWith('.bin');

/**
 * The file's check, once its bytes have matched the sha256 in the manifest: hashed on first use and
 * again whenever its `stat` changes (as the snapshot's Parquet files are), so a cold answer does not
 * hash the whole file each time. Null (and a log line) when the file is missing or does not match.
 */
async function checkedFile(db: SnapshotDatabase, file: string, sha: string): Promise<{ checked: Checked; bytes: Buffer | null } | null> {
	const full = path.join(db.dir, file);
	let files = checkedFiles.get(db);
	if (!files) checkedFiles.set(db, (files = new Map()));
	const seen = fileSignature(full);
	const known = files.get(file);
	if (known && seen !== null && known.seen === seen) return { checked: known, bytes: null };
	const bytes = seen === null ? null : await fs.promises.readFile(full).catch(() => null);
	if (!bytes || sha256(bytes) !== sha) {
		files.delete(file);
		console.error(`snapshot ${db.manifest.id}: ${file} is missing or does not match its sha256; answering from the tables`);
		return null;
	}
	const headLength = hasHead(file) ? bytes.readUInt32LE(0) : 0;
	const head = hasHead(file) ? (JSON.parse(bytes.toString('utf8', 4, 4 + headLength)) as Head) : null;
	const checked: Checked = { seen: seen!, head, dataAt: head ? 4 + headLength : 0 };
	files.set(file, checked);
	return { checked, bytes };
}

/**
 * The whole of an answer file listed for the snapshot, checked as `checkedFile` does; null when it
 * is not listed, is missing or does not match (the live path answers then).
 */
export async function readAnswerFile(db: SnapshotDatabase, file: string): Promise<Buffer | null> {
	const entry = answerEntries(db)[file];
	const found = entry ? await checkedFile(db, file, entry.sha256) : null;
	if (!found) return null;
	return found.bytes ?? fs.promises.readFile(path.join(db.dir, file)).catch(() => null);
}

/** Where answers written after the snapshot was published are listed (the manifest is not rewritten). */
export const LATE_ANSWERS = 'answers.json';

type Answers = NonNullable<Manifest['answers']>;
const lateAnswers = new WeakMap<SnapshotDatabase, { seen: string | null; entries: Answers }>();

/** The snapshot's answer files: from its manifest, or from `answers.json` (re-read when its `stat` changes). */
function answerEntries(db: SnapshotDatabase): Answers {
	if (db.manifest.answers) return db.manifest.answers;
	const file = path.join(db.dir, LATE_ANSWERS);
	const seen = fileSignature(file);
	const known = lateAnswers.get(db);
	if (known && known.seen === seen) return known.entries;
	let entries: Answers = {};
	if (seen !== null) {
		let text: unknown = null;
		try {
			text = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch {
			// unreadable or not JSON: reported below like any other wrong content
		}
		const parsed = answersSchema.safeParse(text);
		if (parsed.success) entries = parsed.data;
		else console.error(`snapshot ${db.manifest.id}: ${LATE_ANSWERS} is not a list of answer files; answering from the tables`);
	}
	lateAnswers.set(db, { seen, entries });
	return entries;
}

/**
 * Checks every answer file of the snapshot against its sha256 and keeps their heads, as the snapshot's
 * tables are checked when it opens: a cold answer then only confirms the file's `stat`. A file that
 * does not match is logged and left to the live path; it does not stop the snapshot from opening.
 */
export async function checkAnswers(db: SnapshotDatabase): Promise<number> {
	let good = 0;
	for (const [file, entry] of Object.entries(answerEntries(db))) if (await checkedFile(db, file, entry.sha256)) good++;
	return good;
}

/** Bytes [from, to) of the file, or of `bytes` when it was just read whole. */
async function readRange(full: string, bytes: Buffer | null, from: number, to: number): Promise<Buffer> {
	if (bytes) return bytes.subarray(from, to);
	const handle = await fs.promises.open(full, 'r');
	try {
		const out = Buffer.allocUnsafe(to - from);
		const { bytesRead } = await handle.read(out, 0, out.byteLength, from);
		if (bytesRead !== out.byteLength) throw new Error(`${full}: short read`);
		return out;
	} finally {
		await handle.close();
	}
}

/**
 * The prebuilt Arrow answer for the values of `e` under `region` at `level` in `period`, or null
 * when the live path must answer (see above). The file is checked against its sha256 in the
 * manifest when first read and whenever its `stat` changes; a file that does not match is left
 * alone and the live path answers. A regency reads only the pieces it needs.
 */
export async function prebuiltValues(db: SnapshotDatabase, e: CatalogueEntry, region: string, level: Level, period: number, names: boolean): Promise<Encoded | null> {
	if (!db.tables.has('region_values')) return null;
	const file = answerFile(e, period, level, names);
	const entry = answerEntries(db)[file];
	if (!entry) return null;
	const found = await checkedFile(db, file, entry.sha256);
	const head = found?.checked.head;
	if (!found || !head) return null;
	const { dataAt } = found.checked;
	const run = batchRun(head.groups, region === 'ID' ? '' : childPrefix(region));
	if (!run) return null;
	const full = path.join(db.dir, file);
	const piece = (from: number, to: number) => readRange(full, found.bytes, dataAt + head.packed[from]!, dataAt + head.packed[to]!);
	// The country's answer is kept compressed only: inflating 2.6 MB would cost more than all the rest.
	if (run[0] === 0 && run[1] === head.groups.length) return { body: null, gzip: gzipMember([await piece(0, head.flushes.length)], head.crc, head.length) };
	const [first, last] = [1 + run[0], 1 + run[1]];
	// The flushed pieces that hold the schema, and the batches [first, last).
	const from = head.flushes.findLastIndex((m) => m <= first);
	const to = head.flushes.findIndex((m) => m >= last);
	const [schema, batches] = await Promise.all([
		piece(0, 1).then((b) => inflateRaw(b, INFLATE)),
		piece(from, to < 0 ? head.flushes.length : to).then((b) => inflateRaw(b, INFLATE))
	]);
	const at = head.ends[head.flushes[from]!]!;
	return encode(Buffer.concat([schema.subarray(0, head.ends[1]), batches.subarray(head.ends[first]! - at, head.ends[last]! - at), EOS]));
}
