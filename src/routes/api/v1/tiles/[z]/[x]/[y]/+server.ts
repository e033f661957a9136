import { errorResponse } from '$lib/server/api/errors';
import { tileResponse } from '$lib/server/geometry/serve';

export function GET({ params, url, request }) {
	try {
		return tileResponse(params, url.searchParams.get('v'), request.headers.get('accept-encoding') ?? '');
	} catch (err) {
		return errorResponse(err);
	}
}
