/** What SvelteKit's `$app/environment` gives server code, for Vitest runs that load modules without the Kit plugin. */
export const browser = false;
export const dev = false;
export const building = false;
export const version = 'vitest';
