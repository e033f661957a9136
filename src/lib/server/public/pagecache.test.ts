import { gunzipSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/policy';
import { publicPageCache } from './pagecache';

type Render = (path: string) => Response;

/** A page renderer standing in for SvelteKit's: it counts renders and answers what `answer` says. */
function setup(answer: Render = publicAnswer, maxBytes?: number) {
	let version = 'snap-a';
	let renders = 0;
	const handle = publicPageCache(async () => version, maxBytes);
	const request = async (path: string, opts: { user?: Principal; method?: string; headers?: Record<string, string> } = {}) => {
		const url = new URL(path, 'http://tepat.test');
		const event = { request: new Request(url, { method: opts.method ?? 'GET', headers: opts.headers }), url, locals: { user: opts.user ?? null, view: 'public' } } as unknown as RequestEvent;
		return handle({
			event,
			resolve: async () => {
				renders++;
				await new Promise((r) => setTimeout(r, 5));
				return answer(path);
			}
		});
	};
	return { request, renders: () => renders, publish: (v: string) => (version = v) };
}

let counter = 0;
function publicAnswer(path: string): Response {
	counter++;
	return new Response(`<p>${path} #${counter}</p>`, { headers: { 'content-type': 'text/html', etag: `"e-${path}"`, 'cache-control': 'public, max-age=300, must-revalidate' } });
}

const planner: Principal = { id: 1, username: 'p', role: 'planner', scope: 'ID', agency: null } as unknown as Principal;

describe('public page cache', () => {
	it('renders a signed-out page once per snapshot and serves the same bytes after', async () => {
		const c = setup();
		const first = await (await c.request('/publik/64.02')).text();
		const second = await (await c.request('/publik/64.02')).text();
		expect(second).toBe(first);
		expect(c.renders()).toBe(1);
		c.publish('snap-b');
		const third = await (await c.request('/publik/64.02')).text();
		expect(third).not.toBe(first);
		expect(c.renders()).toBe(2);
	});

	it('shares one render between concurrent first requests', async () => {
		const c = setup();
		const bodies = await Promise.all(Array.from({ length: 20 }, () => c.request('/publik/63.02?p=2024').then((r) => r.text())));
		expect(new Set(bodies).size).toBe(1);
		expect(c.renders()).toBe(1);
	});

	it('keys on the query string', async () => {
		const c = setup();
		await c.request('/publik/63.02?p=2023');
		await c.request('/publik/63.02?p=2024');
		expect(c.renders()).toBe(2);
	});

	it('never answers a signed-in user, a POST or the API from the cache', async () => {
		const c = setup();
		await c.request('/publik/64.02');
		await c.request('/publik/64.02', { user: planner });
		await c.request('/publik/64.02', { method: 'POST' });
		await c.request('/api/v1/values?indicator=x');
		await c.request('/api/v1/values?indicator=x');
		expect(c.renders()).toBe(5);
	});

	it('keeps only answers the route marked public, with an ETag and without a cookie', async () => {
		const answers: Record<string, () => Response> = {
			'/private': () => new Response('x', { headers: { etag: '"p"', 'cache-control': 'private, no-store' } }),
			'/cookie': () => new Response('x', { headers: { etag: '"c"', 'cache-control': 'public, max-age=300', 'set-cookie': 'a=b' } }),
			'/missing': () => new Response('x', { status: 404, headers: { etag: '"m"', 'cache-control': 'public, max-age=300' } }),
			'/no-etag': () => new Response('x', { headers: { 'cache-control': 'public, max-age=300' } })
		};
		const c = setup((p) => (answers[p] as () => Response)());
		for (const p of Object.keys(answers)) {
			await c.request(p);
			expect((await c.request(p)).status).toBe(p === '/missing' ? 404 : 200);
		}
		expect(c.renders()).toBe(8);
	});

	it('answers a matching If-None-Match with 304 and no body', async () => {
		const c = setup();
		const first = await c.request('/publik/64.02');
		const etag = first.headers.get('etag') as string;
		const again = await c.request('/publik/64.02', { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		expect(again.headers.get('etag')).toBe(etag);
		expect(c.renders()).toBe(1);
	});

	it('sends the remembered page gzip-compressed to a visitor who takes gzip', async () => {
		const c = setup((p) => new Response(`<main>${'Kabupaten Kotabaru '.repeat(200)}${p}</main>`, { headers: { etag: `"${p}"`, 'cache-control': 'public', 'content-length': '3821' } }));
		const plain = await c.request('/publik/63.02');
		const zipped = await c.request('/publik/63.02', { headers: { 'accept-encoding': 'gzip' } });
		expect(zipped.headers.get('content-encoding')).toBe('gzip');
		// The route's own length (of the plain page) is not sent with the gzip bytes: their own is.
		const bytes = new Uint8Array(await zipped.arrayBuffer());
		expect(zipped.headers.get('content-length')).toBe(String(bytes.byteLength));
		expect(gunzipSync(bytes).toString()).toBe(await plain.text());
		expect(c.renders()).toBe(1);
	});

	it('drops the least recently used pages beyond its byte budget', async () => {
		const c = setup((p) => new Response('y'.repeat(100) + p, { headers: { etag: `"${p}"`, 'cache-control': 'public' } }), 250);
		await c.request('/a');
		await c.request('/b');
		await c.request('/a');
		await c.request('/c');
		expect(c.renders()).toBe(3);
		await c.request('/a');
		expect(c.renders()).toBe(3);
		await c.request('/b');
		expect(c.renders()).toBe(4);
	});

	it('counts the gzip form it keeps against the same budget', async () => {
		// Two plain pages fit with 20 bytes to spare, but not with their gzip forms (made once, when a page is kept).
		const page = (p: string) => `<main>${'Kabupaten Kotabaru '.repeat(200)}${p}</main>`;
		const c = setup((p) => new Response(page(p), { headers: { etag: `"${p}"`, 'cache-control': 'public' } }), 2 * Buffer.byteLength(page('/a')) + 20);
		await c.request('/a');
		await c.request('/b');
		await c.request('/b', { headers: { 'accept-encoding': 'gzip' } });
		expect(c.renders()).toBe(2);
		await c.request('/a');
		expect(c.renders()).toBe(3);
	});
});
