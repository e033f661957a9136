import { workbenchEndpoint } from '$lib/server/coverage/api';
import { allocationExport, allocationParams, getAllocation } from '$lib/server/coverage/service';

export function GET({ request }) {
	return workbenchEndpoint(request, allocationParams, getAllocation, (r, wb, _p, lang) => allocationExport(r, wb, lang), 'alokasi');
}
