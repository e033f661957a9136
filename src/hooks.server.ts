import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getSnapshot } from '$lib/server/db';
import { edgeHandle, edgeHandleError } from '$lib/server/edge/handle';
import { publicPageCache, servedVersion } from '$lib/server/public/pagecache';

const paraglideHandle: Handle = ({ event, resolve }) => {
	// The API answers in both languages at once and renders no page; Paraglide's two clones of every
	// request cost a third of its throughput (docs/performance.md, Load). Outside it the locale is the base one.
	if (event.url.pathname.startsWith('/api/')) return resolve(event);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});
};

export const handle = sequence(edgeHandle, paraglideHandle, publicPageCache(servedVersion));

export const handleError = edgeHandleError;

/**
 * Before the server listens, the served snapshot is checked and opened (every file against its sha256,
 * 4.7 s on the national snapshot), so the first visitor after a start does not wait for it. A snapshot
 * that cannot be opened here (none yet, or damaged) is left to the request path, which says why.
 */
export const init: ServerInit = async () => {
	await getSnapshot().catch(() => {});
};
