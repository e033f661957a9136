import { workbenchEndpoint } from '$lib/server/coverage/api';
import { coverageExport, coverageParams, getCoverage, getSideTable, sideExport, sideParams } from '$lib/server/coverage/service';

/** The coverage table; with `table=` one of the workbench's other tables (funnel, overlap, registers, convergence …). */
export function GET({ request }) {
	if (new URL(request.url).searchParams.has('table')) return workbenchEndpoint(request, sideParams, getSideTable, sideExport, 'tabel');
	return workbenchEndpoint(request, coverageParams, getCoverage, coverageExport, 'cakupan');
}
