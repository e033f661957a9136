import { errorResponse } from '$lib/server/api/errors';
import { rasterResponse } from '$lib/server/geometry/serve';

export function GET({ params, url, request }) {
	try {
		return rasterResponse(params.part, url.searchParams.get('v'), request.headers.get('accept-encoding') ?? '');
	} catch (err) {
		return errorResponse(err);
	}
}
