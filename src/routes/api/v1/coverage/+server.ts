import { workbenchEndpoint } from '$lib/server/coverage/api';
import { coverageExport, coverageParams, getCoverage } from '$lib/server/coverage/service';

export function GET({ url }) {
	return workbenchEndpoint(url, coverageParams, getCoverage, coverageExport, 'cakupan');
}
