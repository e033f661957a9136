/**
 * Why a request was not answered, shared by the server (which throws) and `+error.svelte` (which
 * explains and offers a way back). Every error carries its message in Indonesian and English.
 */
export const ERROR_CODES = [
	/** A parameter is unknown, repeated, malformed or too long. */
	'bad-request',
	'not-found',
	/** Signed out, and the route needs an account. */
	'sign-in',
	/** The account's role may not open the route. */
	'role',
	/** The region asked for lies outside the account's scope. */
	'scope',
	/** Only an administrator for the whole country may do this. */
	'national',
	'cross-site',
	'unavailable',
	'internal'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
