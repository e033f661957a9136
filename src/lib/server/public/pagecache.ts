import type { Handle, RequestEvent } from '@sveltejs/kit';
import { locale } from '$lib/i18n';
import { encode, encodedResponse, type EncodedBody } from '../api/encoding';
import { dataDir } from '../config';
import { getDatabase } from '../db';
import { currentGeometry } from '../geometry/store';

interface Entry extends EncodedBody {
	status: number;
	headers: Record<string, string>;
}

/** What a signed-out page depends on besides its URL and language: the snapshot and the boundary version. */
export type VersionOf = () => Promise<string>;

export const servedVersion: VersionOf = async () => `${(await getDatabase()).manifest.id}|${currentGeometry(dataDir())?.manifest.id ?? ''}`;

/**
 * Server-rendered pages for signed-out visitors, remembered per snapshot. A public page is built only
 * from one snapshot's suppressed tables, so its HTML (and its `__data.json`) is the same for every
 * visitor until the next publish: rendering it again for each of 200 concurrent visitors only queued
 * them. Only answers the route itself marked `cache-control: public` with an ETag are kept, never
 * anything for a signed-in user or an answer that sets a cookie. Concurrent first requests share one render.
 */
export function publicPageCache(versionOf: VersionOf, maxBytes = 64 * 1024 * 1024): Handle {
	const entries = new Map<string, Promise<Entry | Response>>();
	const sizes = new Map<string, number>();
	let bytes = 0;

	function forget(key: string) {
		entries.delete(key);
		bytes -= sizes.get(key) ?? 0;
		sizes.delete(key);
	}

	/** Counts the bytes held for `key` (its body and gzip form) and forgets the oldest beyond the budget. */
	function keep(key: string, e: Entry) {
		const more = [...e.body, ...(e.gzip ?? [])].reduce((n, p) => n + p.byteLength, 0);
		sizes.set(key, more);
		bytes += more;
		for (const oldest of entries.keys()) {
			if (bytes <= maxBytes) break;
			if (oldest !== key) forget(oldest);
		}
	}

	/** The answer to keep, or the route's own response when it may not be kept (the first caller sends that). */
	async function render(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], key: string): Promise<Entry | Response> {
		const response = await resolve(event);
		const cacheable =
			response.status === 200 && response.headers.get('cache-control')?.startsWith('public') && response.headers.has('etag') && !response.headers.has('set-cookie');
		if (!cacheable) return response;
		// The length goes: a visitor who takes gzip gets other bytes.
		const headers = Object.fromEntries([...response.headers].filter(([k]) => k !== 'content-length'));
		const entry: Entry = { status: response.status, headers, ...(await encode(new Uint8Array(await response.arrayBuffer()))) };
		keep(key, entry);
		return entry;
	}

	const toResponse = (request: Request, e: Entry) => encodedResponse(request, e, { status: e.status, headers: e.headers });

	return async ({ event, resolve }) => {
		if (event.request.method !== 'GET' || event.locals.user !== null || event.url.pathname.startsWith('/api/')) return resolve(event);
		const requested = new URL(event.request.url);
		const key = [await versionOf(), locale(), requested.pathname, requested.search].join('\n');
		const pending = entries.get(key);
		if (pending) {
			entries.delete(key);
			entries.set(key, pending);
		} else {
			const rendering = render(event, resolve, key);
			entries.set(key, rendering);
			// Answers not kept (errors, redirects, 304s) leave the map once settled, so the next request renders again.
			const drop = () => void (!sizes.has(key) && entries.get(key) === rendering && entries.delete(key));
			rendering.then(drop, drop);
			const answer = await rendering;
			return answer instanceof Response ? answer : toResponse(event.request, answer);
		}
		const entry = await pending.catch(() => null);
		if (!entry || entry instanceof Response || !sizes.has(key)) return resolve(event);
		const etag = entry.headers.etag;
		if (etag && event.request.headers.get('if-none-match') === etag) {
			return new Response(null, { status: 304, headers: Object.fromEntries(Object.entries(entry.headers).filter(([k]) => ['etag', 'cache-control', 'vary'].includes(k))) });
		}
		return toResponse(event.request, entry);
	};
}

