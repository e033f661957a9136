import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encode, encodedResponse, encodeParts, type SharedPart } from './encoding';

const request = (acceptEncoding?: string) => new Request('http://tepat.test/api/v1/values', { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
const big = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ code: `63.02.01.${2001 + i}`, name: 'Sungai Bali’é', value: i % 7 })) });

describe('encoded answers', () => {
	it('gzip a large answer once, off the event loop, for a client that takes gzip', async () => {
		const held = await encode(big);
		const first = encodedResponse(request('gzip, deflate, br'), held, { headers: { 'content-type': 'application/json' } });
		expect(first.headers.get('content-encoding')).toBe('gzip');
		expect(first.headers.get('vary')).toBe('Accept-Encoding');
		const bytes = new Uint8Array(await first.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(big) / 4);
		expect(gunzipSync(bytes).toString()).toBe(big);
		const again = new Uint8Array(await encodedResponse(request('gzip'), held, { headers: {} }).arrayBuffer());
		expect(again).toEqual(bytes);
	});

	it('send a remembered answer as its own parts, with their length, not a fresh copy of megabytes per request', async () => {
		const held = await encode(big);
		for (const [accept, parts] of [['gzip', held.gzip!], [undefined, held.body]] as const) {
			const res = encodedResponse(request(accept), held, { headers: {} });
			expect(res.headers.get('content-length')).toBe(String(parts.reduce((n, p) => n + p.byteLength, 0)));
			const reader = res.body!.getReader();
			const sent: Uint8Array[] = [];
			for (let r = await reader.read(); !r.done; r = await reader.read()) sent.push(r.value);
			expect(sent).toHaveLength(parts.length);
			sent.forEach((chunk, i) => expect(chunk).toBe(parts[i]));
		}
	});

	it('send the plain body to a client without gzip, and small bodies always plain', async () => {
		const plain = encodedResponse(request(), await encode(big), { headers: {} });
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
		expect(await plain.text()).toBe(big);
		const tiny = await encode('{"rows":[]}');
		expect(tiny.gzip).toBeNull();
		const small = encodedResponse(request('gzip'), tiny, { headers: {} });
		expect(small.headers.get('content-encoding')).toBeNull();
		expect(await small.text()).toBe('{"rows":[]}');
	});

	it('gzip a body of parts into one member that inflates (CRC and length checked) to the whole, compressing a shared part once for every answer', async () => {
		const shared: SharedPart = { bytes: new TextEncoder().encode(big) };
		const head = new Uint8Array([1, 2, 3]);
		const first = await encodeParts([head, shared, new TextEncoder().encode('tail one')]);
		const deflated = shared.deflated;
		const second = await encodeParts([new Uint8Array([9]), shared, new TextEncoder().encode('tail two')]);
		expect(shared.deflated).toBe(deflated);
		const whole = (e: typeof first) => Buffer.concat(e.body).toString('latin1');
		for (const e of [first, second]) {
			const response = encodedResponse(request('gzip'), e, { headers: {} });
			expect(gunzipSync(new Uint8Array(await response.arrayBuffer())).toString('latin1')).toBe(whole(e));
		}
		expect(Buffer.concat(first.gzip!).byteLength).toBeLessThan(Buffer.byteLength(big) / 4);
	});

	it('compress a body of several MiB in slices, all at once, into one member that inflates to the whole', async () => {
		// 3.5 MiB of varied rows, like a national table.
		const rows = Array.from({ length: 60_000 }, (_, i) => ({ code: `${10 + (i % 30)}.${String(i % 97).padStart(2, '0')}.${String(i % 53).padStart(2, '0')}.${2001 + i}`, name: `Desa ${(i * 7919) % 65521}`, value: (i * 31) % 1000 }));
		const body = JSON.stringify({ rows });
		expect(Buffer.byteLength(body)).toBeGreaterThan(3 * 2 ** 20);
		const held = await encode(body);
		// Header, one deflate piece per MiB slice, the last block and the trailer.
		expect(held.gzip!.length).toBe(3 + Math.ceil(Buffer.byteLength(body) / 2 ** 20));
		const bytes = new Uint8Array(await encodedResponse(request('gzip'), held, { headers: {} }).arrayBuffer());
		expect(gunzipSync(bytes).toString()).toBe(body);
		expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(body) / 4);
	});

	it('keep a Vary the caller set (public answers vary by cookie too)', async () => {
		const r = encodedResponse(request('gzip'), await encode(big), { headers: { vary: 'Cookie, Accept-Encoding' } });
		expect(r.headers.get('vary')).toBe('Cookie, Accept-Encoding');
	});
});
