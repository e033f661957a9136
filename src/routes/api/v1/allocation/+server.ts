import { workbenchEndpoint } from '$lib/server/coverage/api';
import { allocationExport, allocationParams, getAllocation } from '$lib/server/coverage/service';

export function GET({ url }) {
	return workbenchEndpoint(url, allocationParams, getAllocation, (r, wb, _p, lang) => allocationExport(r, wb, lang), 'alokasi');
}
