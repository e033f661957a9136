import { createHash } from 'node:crypto';
import { locale } from '$lib/i18n';

/** Changes with every server start, so HTML cached by an older build (other asset names) is never revalidated. */
const BOOT = Date.now().toString(36);

/**
 * Cache headers for an answer built only from one snapshot's public tables. The ETag changes with
 * the snapshot, the server start (hence the app build), the language and the exact URL (page or
 * its `__data.json`) and `variant` (e.g. the boundary version a map draws on), so SvelteKit answers a matching `If-None-Match` with 304. `Vary: Cookie`
 * because the language and the signed-in view come from cookies, and `Accept-Encoding` because large answers go out gzip-compressed.
 */
export function publicCacheHeaders(snapshot: string, url: URL, isDataRequest = false, variant = ''): Record<string, string> {
	const key = createHash('sha256')
		.update([BOOT, locale(), isDataRequest ? 'data' : 'page', url.pathname, url.search, variant].join('\n'))
		.digest('base64url')
		.slice(0, 16);
	return { etag: `"${snapshot}-${key}"`, 'cache-control': 'public, max-age=300, must-revalidate', vary: 'Cookie, Accept-Encoding' };
}
