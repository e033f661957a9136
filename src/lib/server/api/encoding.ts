import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * An answer ready to send: its body and, when worth it, its gzip form, both made once and kept with
 * the answer. Each is a list of parts sent one after the other, so answers may share parts (the
 * region frame of a national values answer is the same for every indicator and period). An answer
 * read compressed (prebuilt values) may keep the gzip form alone: the rare client that does not take
 * gzip gets it inflated as it is sent.
 */
export type Encoded = EncodedBody | { body: null; gzip: readonly Uint8Array[] };

/** An answer that holds its body (what `encode` makes). */
export interface EncodedBody {
	body: readonly Uint8Array[];
	gzip: readonly Uint8Array[] | null;
}

/**
 * A stretch of a body that many answers hold. Its raw-deflate form is made once, on the first answer
 * that compresses it, and reused by the others.
 */
export interface SharedPart {
	bytes: Uint8Array;
	deflated?: Promise<Uint8Array>;
}

/** Below this the gzip header and the CPU are not worth it. */
const MIN_BYTES = 1024;
const LEVEL = 6;

const utf8 = new TextEncoder();
const deflateRaw = promisify(zlib.deflateRaw);

/** Raw deflate ending on a byte boundary without a last block (Z_SYNC_FLUSH), so that such pieces can be concatenated. */
const deflatePiece = async (bytes: Uint8Array, level = LEVEL) => new Uint8Array(await deflateRaw(bytes, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
/** Shared parts are compressed once per snapshot, so they get the smallest form. */
const SHARED_LEVEL = 9;

/**
 * A part longer than this is deflated in slices, all at once on the thread pool (as pigz does), so a
 * national table of 24 MB compresses on every core instead of one; each slice starts a new window,
 * which costs well under 1 % of the compressed size at this length.
 */
const SLICE = 1 << 20;

function deflateSlices(bytes: Uint8Array): Promise<Uint8Array>[] {
	const slices: Promise<Uint8Array>[] = [];
	for (let at = 0; at < bytes.byteLength; at += SLICE) slices.push(deflatePiece(bytes.subarray(at, at + SLICE)));
	return slices.length ? slices : [deflatePiece(bytes)];
}

const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty last block (BFINAL, fixed Huffman, end of block): closes a deflate stream made of flushed pieces. */
const LAST_BLOCK = new Uint8Array([3, 0]);

const isShared = (p: Uint8Array | SharedPart): p is SharedPart => !(p instanceof Uint8Array);

/**
 * One gzip member whose deflate stream is the concatenation of each part's own deflate (as pigz
 * does): shared parts are compressed once for every answer that holds them, the others here. The
 * work runs on libuv's thread pool, off the event loop.
 */
export async function gzipParts(parts: readonly (Uint8Array | SharedPart)[]): Promise<Uint8Array[]> {
	const pieces = await Promise.all(parts.flatMap((p) => (isShared(p) ? [(p.deflated ??= deflatePiece(p.bytes, SHARED_LEVEL))] : deflateSlices(p))));
	let crc = 0;
	let length = 0;
	for (const p of parts) {
		const bytes = isShared(p) ? p.bytes : p;
		crc = zlib.crc32(bytes, crc);
		length += bytes.byteLength;
	}
	return gzipMember(pieces, crc, length);
}

/** One gzip member around raw deflate pieces (each ending on a byte boundary without a last block) whose uncompressed bytes have `crc` and `length`. */
export function gzipMember(pieces: readonly Uint8Array[], crc: number, length: number): Uint8Array[] {
	const trailer = new Uint8Array(8);
	const view = new DataView(trailer.buffer);
	view.setUint32(0, crc >>> 0, true);
	view.setUint32(4, length >>> 0, true);
	return [GZIP_HEADER, ...pieces, LAST_BLOCK, trailer];
}

/** A body of parts, with its gzip form when it is at least MIN_BYTES long. */
export async function encodeParts(parts: readonly (Uint8Array | SharedPart)[]): Promise<EncodedBody> {
	const body = parts.map((p) => (isShared(p) ? p.bytes : p));
	const length = body.reduce((n, p) => n + p.byteLength, 0);
	return { body, gzip: length < MIN_BYTES ? null : await gzipParts(parts) };
}

/** A text or byte body, its gzip form made off the event loop. */
export function encode(body: string | Uint8Array): Promise<EncodedBody> {
	return encodeParts([typeof body === 'string' ? utf8.encode(body) : body]);
}

/**
 * A body sent as its parts, as they are. `new Response(bytes)` copies a typed array (undici), and
 * joining the parts first copied it once more: two copies of a national answer on every request,
 * whose external memory made V8 run a full garbage collection every few dozen answers (tens of ms).
 */
function partsBody(parts: readonly Uint8Array[], headers: Headers): ReadableStream<Uint8Array> {
	headers.set('content-length', String(parts.reduce((n, p) => n + p.byteLength, 0)));
	return new ReadableStream({
		start(controller) {
			for (const p of parts) controller.enqueue(p);
			controller.close();
		}
	});
}

/**
 * An encoded answer, gzip-compressed when the client takes gzip: national village answers are
 * megabytes of JSON or Arrow, and village heads read them on phones.
 */
export function encodedResponse(request: Request, e: Encoded, init: { status?: number; headers: Record<string, string> }): Response {
	const headers = new Headers(init.headers);
	if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
	if (!headers.has('vary')) headers.set('vary', 'Accept-Encoding');
	if (!e.gzip || !/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
		const body = e.body ? partsBody(e.body, headers) : (Readable.toWeb(Readable.from(e.gzip).pipe(zlib.createGunzip())) as ReadableStream<Uint8Array>);
		return new Response(body, { status: init.status, headers });
	}
	headers.set('content-encoding', 'gzip');
	return new Response(partsBody(e.gzip, headers), { status: init.status, headers });
}
