import { createHash } from 'node:crypto';
import { version } from '$app/environment';
import { locale } from '$lib/i18n';

/**
 * Cache headers for an answer built only from one snapshot's public tables. The ETag changes with
 * the snapshot, the app build, the language and the exact URL (and page vs. its `__data.json`), so
 * SvelteKit answers a matching `If-None-Match` with 304. `Vary: Cookie` because the language and the
 * signed-in view come from cookies.
 */
export function publicCacheHeaders(snapshot: string, url: URL, isDataRequest = false): Record<string, string> {
	const key = createHash('sha256')
		.update([version, locale(), isDataRequest ? 'data' : 'page', url.pathname, url.search].join('\n'))
		.digest('base64url')
		.slice(0, 16);
	return { etag: `"${snapshot}-${key}"`, 'cache-control': 'public, max-age=300, must-revalidate', vary: 'Cookie' };
}
