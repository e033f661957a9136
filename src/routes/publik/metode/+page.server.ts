import { input } from '$lib/server/edge/input';

/** Nothing to load; reading the input lets the edge refuse a request here like anywhere else. */
export function load(event) {
	input(event);
}
