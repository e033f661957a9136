import { workbenchEndpoint } from '$lib/server/coverage/api';
import { coverageExport, getCoverage, getSideTable, sideExport } from '$lib/server/coverage/service';
import { input } from '$lib/server/edge/input';

/** The coverage table; with `table=` one of the workbench's other tables (funnel, overlap, registers, convergence …). */
export function GET(event) {
	const { region, program, format, lang, table, ...view } = input(event).query;
	const q = { region, program, format, lang };
	const user = event.locals.user!;
	if (table) return workbenchEndpoint(event.request, user, q, { table, level: view.level, district: view.district, q: view.q }, getSideTable, sideExport, 'tabel');
	return workbenchEndpoint(event.request, user, q, view, getCoverage, coverageExport, 'cakupan');
}
