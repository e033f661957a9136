import { workbenchEndpoint } from '$lib/server/coverage/api';
import { getRights, rightsExport, rightsParams } from '$lib/server/rights/service';

/** The four rights of the region's programmes (`table=programmes`), or of one programme per village (`table=villages`, the default). */
export function GET({ request }) {
	return workbenchEndpoint(request, rightsParams, getRights, rightsExport, 'empat-tepat');
}
