import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorText, loadRun } from './load';

describe('load run error kinds', () => {
	const server = http.createServer((req, res) => {
		res.statusCode = req.url === '/busy' ? 503 : 200;
		res.end('x');
	});
	let url = '';
	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('counts non-2xx answers by status, once each, beside socket errors and timeouts', async () => {
		const l = await loadRun(url, ['/ok', '/busy'], 2, 1);
		const busy = l.error_kinds.status['503'] ?? 0;
		expect(busy).toBeGreaterThan(0);
		expect(l.error_kinds.socket).toBe(0);
		expect(l.error_kinds.timeouts).toBe(0);
		expect(l.errors).toBe(busy);
		expect(errorText(l)).toBe(`${busy} (HTTP 503 ×${busy})`);
	});

	it('says 0 for a clean run', async () => {
		const l = await loadRun(url, ['/ok'], 1, 1);
		expect(l.errors).toBe(0);
		expect(errorText(l)).toBe('0');
	});
});
