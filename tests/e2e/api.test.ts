import { tableFromIPC } from 'apache-arrow';
import { decodeValues, heldCodesFingerprint, type MapValue } from '../../src/lib/map/values';
import { codesFingerprint } from '../../src/lib/region-code';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';

let server: ServerWithAccounts;
beforeAll(async () => {
	server = await startServerWithAccounts([{ username: 'kukar', role: 'planner', scope: '64.02' }]);
});
afterAll(() => server?.stop());

const get = (path: string, cookie?: string) => fetch(server.url + path, cookie ? { headers: { cookie } } : {});

describe('/api/v1', () => {
	it('lists the catalogue with bilingual labels and the snapshot’s periods', async () => {
		const res = await get('/api/v1/indicators');
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.synthetic).toBe(true);
		const ep = body.indicators.find((i: { id: string }) => i.id === 'extreme_poor_hh');
		expect(ep.label.id).toMatch(/miskin ekstrem/);
		expect(ep.periods).toEqual([2021, 2022, 2023, 2024, 2025]);
	});

	it('sends Kutai Kartanegara’s 237 village values as Arrow that decodes to the same figures as JSON', async () => {
		const q = '/api/v1/values?indicator=krs_families&region=64.02&level=village&period=2024';
		const res = await get(q);
		expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
		const bytes = new Uint8Array(await res.arrayBuffer());
		const table = tableFromIPC(bytes);
		expect(table.numRows).toBe(237);
		expect(table.schema.metadata.get('source')).toMatch(/BKKBN/);
		expect(table.schema.metadata.get('period')).toBe('2024');
		const json = await (await get(q + '&format=json')).json();
		expect(String(table.getChild('code')?.type)).toBe('Int64');
		expect(decodeValues(bytes)).toEqual(json.rows);
	});

	it('leaves the names out with names=0, in Arrow, JSON and CSV, with the same codes and values', async () => {
		const q = '/api/v1/values?indicator=stunted_share_eppgbm&region=64.02&level=village&period=2024';
		const full = (await (await get(q + '&format=json')).json()).rows as { code: string; value: number | null }[];
		const arrow = new Uint8Array(await (await get(q + '&names=0')).arrayBuffer());
		expect(tableFromIPC(arrow).schema.fields.map((f) => f.name)).toEqual(['code', 'value']);
		expect(arrow.byteLength).toBeLessThan(new Uint8Array(await (await get(q)).arrayBuffer()).byteLength);
		const codesValues = full.map(({ code, value }) => ({ code, value }));
		expect(decodeValues(arrow)).toEqual(codesValues.map((r) => ({ ...r, name: '' })));
		expect((await (await get(q + '&names=0&format=json')).json()).rows).toEqual(codesValues);
		expect((await (await get(q + '&names=0&format=csv')).text()).split('\n').find((l) => !l.startsWith('#'))).toBe('code,value');
	});

	it('leaves the codes out as well when codes= names the ones the map holds, and only then', async () => {
		const q = '/api/v1/values?indicator=stunted_share_eppgbm&region=64.02&level=village&period=2024';
		const json = (await (await get(q + '&format=json')).json()).rows as MapValue[];
		const first = decodeValues(new Uint8Array(await (await get(q + '&names=0')).arrayBuffer()), json);
		const held = heldCodesFingerprint(first);
		expect(held).toBe(codesFingerprint(json.map((r) => r.code)));
		const other = '/api/v1/values?indicator=krs_families&region=64.02&level=village&period=2024';
		const values = new Uint8Array(await (await get(`${other}&names=0&codes=${held}`)).arrayBuffer());
		const table = tableFromIPC(values);
		expect(table.schema.fields.map((f) => f.name)).toEqual(['value']);
		expect(table.schema.metadata.get('codes')).toBe(held);
		const expected = (await (await get(other + '&format=json')).json()).rows as MapValue[];
		expect(decodeValues(values, first)).toEqual(expected);
		// Another list (or none of ours), CSV and JSON keep the codes.
		expect(tableFromIPC(new Uint8Array(await (await get(`${other}&names=0&codes=${'0'.repeat(16)}`)).arrayBuffer())).schema.fields.map((f) => f.name)).toEqual(['code', 'value']);
		const elsewhere = '/api/v1/values?indicator=krs_families&region=64.01&level=village&period=2024&names=0';
		expect(tableFromIPC(new Uint8Array(await (await get(`${elsewhere}&codes=${held}`)).arrayBuffer())).getChild('code')).not.toBeNull();
		expect((await (await get(`${other}&names=0&codes=${held}&format=csv`)).text()).split('\n').find((l) => !l.startsWith('#'))).toBe('code,value');
		expect((await get(`${other}&names=0&codes=nothex`)).status).toBe(400);
		// Rows in another order are another list: their fingerprint differs, so the server sends the codes.
		expect(heldCodesFingerprint([...first].reverse())).not.toBe(held);
	});

	it('keeps suppressed villages missing in Arrow, as JSON does, not the zero in the buffer', async () => {
		const q = '/api/v1/values?indicator=stunted_children&region=64.02&level=village&period=2024';
		const json = await (await get(q + '&format=json')).json();
		expect(json.rows.some((r: { value: number | null }) => r.value === null)).toBe(true);
		expect(decodeValues(new Uint8Array(await (await get(q)).arrayBuffer()))).toEqual(json.rows);
	});

	it('returns CSV with the source, method and snapshot in its header lines', async () => {
		const res = await get('/api/v1/values?indicator=poverty_rate&region=64&period=2024&format=csv');
		expect(res.status).toBe(200);
		const text = await res.text();
		expect(text).toMatch(/^# Persentase penduduk miskin/);
		expect(text).toMatch(/Sumber: BPS, Susenas/);
		expect(text).toContain('64.02,Kabupaten Kutai Kartanegara,7.28');
	});

	it('answers a signed-out caller from the public tables: no count from 1 to 9, revalidated by ETag', async () => {
		const q = '/api/v1/values?indicator=stunted_children&region=64.02&level=village&period=2024&format=json';
		const open = await get(q);
		const rows = (await open.json()).rows as { value: number | null }[];
		expect(rows).toHaveLength(237);
		expect(rows.filter((r) => r.value !== null && r.value >= 1 && r.value <= 9)).toEqual([]);
		expect(rows.some((r) => r.value === null)).toBe(true);
		const etag = open.headers.get('etag')!;
		expect((await fetch(server.url + q, { headers: { 'if-none-match': etag } })).status).toBe(304);

		const full = (await (await get(q, await signInCookie(server.url, 'kukar'))).json()).rows as { value: number | null }[];
		expect(full.filter((r) => r.value !== null && r.value >= 1 && r.value <= 9).length).toBeGreaterThan(0);
	});

	it('refuses a signed-out caller indicators that are not published, pointing to the open data', async () => {
		const res = await get('/api/v1/series?indicator=dtks_hh&region=64.02');
		expect(res.status).toBe(401);
		const body = await res.json();
		expect(body.error.en).toMatch(/not public; please sign in\. Open data: \/api\/v1\/public/);
		expect(body.error.id).toMatch(/silakan masuk/);
		const cookie = await signInCookie(server.url, 'kukar');
		expect((await get('/api/v1/series?indicator=dtks_hh&region=64.02', cookie)).status).toBe(200);
	});

	it('gives a region with its parents and children', async () => {
		const body = await (await get('/api/v1/regions/64.02.13')).json();
		expect(body.region.name).toBe('Samboja');
		expect(body.parents.map((p: { code: string }) => p.code)).toEqual(['ID', '64', '64.02']);
		expect(body.children.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Wonotirto', 'Tanjung Harapan']));
	});

	it.each([
		['/api/v1/values?indicator=nope&region=63.02', 400, /unknown indicator/],
		['/api/v1/values?indicator=extreme_poor_hh&region=99.99', 400, /Unknown region/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02&format=xml', 400, /format/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02;DROP', 400, /region/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02&level=galaxy', 400, /level/],
		['/api/v1/values?indicator=poverty_rate&region=63.02&level=village', 400, /not available at level village/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02&period=2015', 400, /Period 2015 is not available/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02&extra=1', 400, /Unknown parameter: "extra"/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02&region=64.02', 400, /"region" is given more than once/],
		['/api/v1/values?indicator=extreme_poor_hh&region=63.02&names=no', 400, /names/],
		['/api/v1/series?indicator=poverty_rate', 400, /region/],
		['/api/v1/regions/63.99', 404, /Unknown region/]
	])('%s → %i with a clear message in both languages', async (path, status, pattern) => {
		const res = await get(path);
		expect(res.status).toBe(status);
		const body = await res.json();
		expect(body.error.en).toMatch(pattern);
		expect(body.error.id.length).toBeGreaterThan(5);
	});
});
