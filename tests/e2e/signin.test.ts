import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInBurst, startServerWithAccounts, TEST_PASSWORD, type ServerWithAccounts, type SignInTry } from './accounts';

/**
 * Sign-in on the built server as a password guesser would try it: bursts of 40 form posts at once.
 * The server reads the client address from X-Forwarded-For (as behind a proxy), so each test
 * chooses its own addresses.
 */
let server: ServerWithAccounts;
beforeAll(async () => {
	server = await startServerWithAccounts(
		['sari', 'dewi', 'eko'].map((username) => ({ username, role: 'viewer', scope: 'ID' })),
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
