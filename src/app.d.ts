declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			user: import('$lib/server/auth/policy').Principal | null;
			/** `public`: the route must answer from the public tables only (signed out, or outside the account's scope). */
			view: 'full' | 'public';
		}
	}
}

export {};
