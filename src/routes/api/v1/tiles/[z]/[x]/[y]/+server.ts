import { input } from '$lib/server/edge/input';
import { tileResponse } from '$lib/server/geometry/serve';

export function GET(event) {
	const { params, query } = input(event);
	return tileResponse(params, query.v ?? null, event.request.headers.get('accept-encoding') ?? '');
}
