import { input } from '$lib/server/edge/input';

export function load(event) {
	input(event);
	return {};
}
