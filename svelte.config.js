import adapter from './server/adapter.js';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// `npm test` builds into its own folder (TEPAT_BUILD_DIR, scripts/test.ts), never under a running demo.
		adapter: adapter({ out: process.env.TEPAT_BUILD_DIR || 'build' }),
		/*
		 * Strict CSP. Hash mode (not nonce) because public pages are revalidated by ETag: a 304 keeps
		 * the cached HTML, and its inline hydration script must still match the policy. Style
		 * attributes are allowed because components set data-driven widths and colours with `style:`
		 * in server-rendered markup; they cannot run script. Style elements stay 'self' only. MapLibre
		 * runs its worker from a same-origin module URL (blob: kept for its fallback) and draws
		 * images from blob: and data: URLs.
		 */
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
