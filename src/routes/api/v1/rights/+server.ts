import { workbenchEndpoint } from '$lib/server/coverage/api';
import { input } from '$lib/server/edge/input';
import { getRights, rightsExport } from '$lib/server/rights/service';

/** The four rights of the region's programmes (`table=programmes`), or of one programme per village (`table=villages`, the default). */
export function GET(event) {
	const { region, program, format, lang, ...view } = input(event).query;
	return workbenchEndpoint(event.request, event.locals.user!, { region, program, format, lang }, view, getRights, rightsExport, 'empat-tepat');
}
