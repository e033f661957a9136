import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodedResponse, type Encodable } from './encoding';

const request = (acceptEncoding?: string) => new Request('http://tepat.test/api/v1/values', { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
const big = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ code: `63.02.01.${2001 + i}`, value: i % 7 })) });

describe('encoded answers', () => {
	it('gzip a large answer for a client that takes gzip, and compress it only once', async () => {
		const held: Encodable = { body: big };
		const first = encodedResponse(request('gzip, deflate, br'), held, { headers: { 'content-type': 'application/json' } });
		expect(first.headers.get('content-encoding')).toBe('gzip');
		expect(first.headers.get('vary')).toBe('Accept-Encoding');
		const bytes = new Uint8Array(await first.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(big) / 4);
		expect(gunzipSync(bytes).toString()).toBe(big);
		const kept = held.gzip;
		encodedResponse(request('gzip'), held, { headers: {} });
		expect(held.gzip).toBe(kept);
	});

	it('send the plain body to a client without gzip, and small bodies always plain', async () => {
		const plain = encodedResponse(request(), { body: big }, { headers: {} });
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(big);
		const small = encodedResponse(request('gzip'), { body: '{"rows":[]}' }, { headers: {} });
		expect(small.headers.get('content-encoding')).toBeNull();
		expect(await small.text()).toBe('{"rows":[]}');
	});

	it('keep a text body as UTF-8 bytes after the first answer, so the JS heap does not hold it', async () => {
		const text = JSON.stringify({ name: 'Kabupaten Kepulauan Seribu — Jakarta', rows: [1, 2] });
		const held: Encodable = { body: text };
		const first = encodedResponse(request(), held, { headers: { 'content-type': 'application/json' } });
		expect(held.body).toBeInstanceOf(Uint8Array);
		const bytes = held.body;
		expect(await first.text()).toBe(text);
		const second = encodedResponse(request(), held, { headers: {} });
		expect(held.body).toBe(bytes);
		expect(second.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
		expect(await second.text()).toBe(text);
	});

	it('keep a Vary the caller set (public answers vary by cookie too)', () => {
		const r = encodedResponse(request('gzip'), { body: big }, { headers: { vary: 'Cookie, Accept-Encoding' } });
		expect(r.headers.get('vary')).toBe('Cookie, Accept-Encoding');
	});
});
