import { workbenchEndpoint } from '$lib/server/coverage/api';
import { allocationExport, getAllocation } from '$lib/server/coverage/service';
import { input } from '$lib/server/edge/input';

export function GET(event) {
	const { region, program, format, lang, ...view } = input(event).query;
	return workbenchEndpoint(event.request, event.locals.user!, { region, program, format, lang }, view, getAllocation, (r, wb, _p, l) => allocationExport(r, wb, l, event.url.origin), 'alokasi');
}
