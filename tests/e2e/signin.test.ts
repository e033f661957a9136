import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_REDIRECTS, SAME_SITE_RETURNS } from '../redirects';
import { signInBurst, startServerWithAccounts, TEST_PASSWORD, type ServerWithAccounts, type SignInTry } from './accounts';

/**
 * Sign-in on the built server as a password guesser would try it: bursts of 40 form posts at once.
 * The server reads the client address from X-Forwarded-For (as behind a proxy), so each test
 * chooses its own addresses.
 */
let server: ServerWithAccounts;
beforeAll(async () => {
	server = await startServerWithAccounts(
		['sari', 'dewi', 'eko', 'tuti'].map((username) => ({ username, role: 'viewer', scope: 'ID' })),
		{ env: { ADDRESS_HEADER: 'x-forwarded-for' } }
	);
});
afterAll(async () => {
	await server?.stop();
});

const guess = (username: string, address: string, i: number, right: number): SignInTry => ({
	base: server.url,
	username,
	password: i === right ? TEST_PASSWORD : `tebakan-kata-sandi-${i}`,
	address
});

describe('sign-in limit under a burst of guesses', () => {
	it('checks 5 passwords of 40 sent at once to one account and refuses the right one sent 16th', async () => {
		const { statuses, checked } = await signInBurst(Array.from({ length: 40 }, (_, i) => guess('sari', `10.1.0.${i}`, i, 15)));
		console.info(`built server, SQLite: 40 concurrent sign-ins to one account, ${checked} passwords checked`);
		expect(checked).toBe(5);
		expect(statuses[15]).toBe(429);
		expect(statuses.filter((s) => s === 303)).toEqual([]);
		// The account stays closed to the right password from a fresh address.
		expect((await signInBurst([guess('sari', '10.1.1.1', 0, 0)])).statuses).toEqual([429]);
	});

	it('checks 20 passwords of 40 sent at once from one address, across accounts, and refuses a right one sent 30th', async () => {
		const tries = Array.from({ length: 40 }, (_, i) => (i === 29 ? guess('dewi', '10.2.0.1', i, i) : guess(`tamu${i}`, '10.2.0.1', i, -1)));
		const { statuses, checked } = await signInBurst(tries);
		console.info(`built server, SQLite: 40 concurrent sign-ins from one address, ${checked} passwords checked`);
		expect(checked).toBe(20);
		expect(statuses[29]).toBe(429);
	});

	it('lets no more guesses through when the right password is among the first of the burst', async () => {
		const { statuses, checked } = await signInBurst(Array.from({ length: 40 }, (_, i) => guess('eko', `10.3.0.${i}`, i, 0)));
		expect(statuses[0]).toBe(303);
		expect(checked).toBe(5);
	});
});

describe('return after sign-in and language switch (kembali)', () => {
	async function afterSignIn(kembali: string): Promise<string> {
		const res = await fetch(`${server.url}/masuk?kembali=${encodeURIComponent(kembali)}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.9.0.1' },
			body: new URLSearchParams({ username: 'tuti', password: TEST_PASSWORD })
		});
		expect(res.status).toBe(303);
		return res.headers.get('location')!;
	}

	async function afterLanguageSwitch(kembali: string): Promise<string> {
		const res = await fetch(`${server.url}/bahasa?ke=en&kembali=${encodeURIComponent(kembali)}`, { redirect: 'manual', headers: { 'x-forwarded-for': '10.9.0.2' } });
		expect(res.status).toBe(303);
		return res.headers.get('location')!;
	}

	it('never sends the browser off the site, whatever the open-redirect trick', async () => {
		for (const kembali of OPEN_REDIRECTS) {
			for (const location of [await afterSignIn(kembali), await afterLanguageSwitch(kembali)]) {
				expect(location, JSON.stringify(kembali)).toBe('/');
			}
		}
	});

	it('brings the user back to the same-site page they came from', async () => {
		for (const [kembali, expected] of SAME_SITE_RETURNS) {
			for (const location of [await afterSignIn(kembali), await afterLanguageSwitch(kembali)]) {
				expect(location, kembali).toBe(expected);
				// Where the browser goes: the URL parser drops tabs and newlines and reads `\\` as `/`, as browsers do.
				expect(new URL(location, server.url).origin).toBe(server.url);
			}
		}
	});
});
