import { gzipSync } from 'node:zlib';

/** A remembered answer body and, once a client has taken it compressed, its gzip form. */
export interface Encodable {
	body: string | Uint8Array<ArrayBuffer>;
	gzip?: Uint8Array<ArrayBuffer>;
}

/** Below this the gzip header and the CPU are not worth it. */
const MIN_BYTES = 1024;

const utf8 = new TextEncoder();

/**
 * A remembered answer, gzip-compressed when the client takes gzip: national village answers are
 * megabytes of JSON or Arrow, and village heads read them on phones. The compressed bytes are made
 * once and kept with the answer, so a busy server does not compress the same snapshot figures again.
 */
export function encodedResponse(request: Request, held: Encodable, init: { status?: number; headers: Record<string, string> }): Response {
	// Kept as bytes from the first answer on: a national JSON body is megabytes, and off the JS heap it
	// does not count as live heap, which sets how far V8 lets garbage grow before a full collection.
	if (typeof held.body === 'string') held.body = utf8.encode(held.body);
	const headers = new Headers(init.headers);
	if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
	if (!headers.has('vary')) headers.set('vary', 'Accept-Encoding');
	if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '') || held.body.byteLength < MIN_BYTES) {
		return new Response(held.body, { status: init.status, headers });
	}
	held.gzip ??= new Uint8Array(gzipSync(held.body, { level: 6 }));
	headers.set('content-encoding', 'gzip');
	return new Response(held.gzip, { status: init.status, headers });
}
