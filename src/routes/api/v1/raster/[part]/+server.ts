import { input } from '$lib/server/edge/input';
import { rasterResponse } from '$lib/server/geometry/serve';

export function GET(event) {
	const { params, query } = input(event);
	return rasterResponse(params.part, query.v ?? null, event.request.headers.get('accept-encoding') ?? '');
}
