declare global {
	namespace App {
		/** Every error the app answers, page or endpoint: Kit's `message` (Indonesian), both languages and why. */
		interface Error {
			message: string;
			id: string;
			en: string;
			code: import('$lib/errors').ErrorCode;
			/** For unexpected errors: the reference written to the server log with the details. */
			ref?: string;
		}
		interface Locals {
			user: import('$lib/server/auth/policy').Principal | null;
			/** `public`: the route must answer from the public tables only (signed out, or outside the account's scope). */
			view: 'full' | 'public';
			/** The request as the edge parsed it (`src/lib/server/edge`); read with `input(event)`. */
			input: import('$lib/server/edge/input').Parsed | null;
			/** Set when the edge refused a page request: its load throws this instead of loading. */
			refusal: { status: number; body: App.Error } | null;
		}
	}
}

export {};
