/** The workbench's sections and pages, and its links to the by-name lists, shared by the pages, the server and the exports. */

/** The workbench page's sections, each its own URL; `summary` (key figures and the largest unmet need) comes first. */
export const WORKBENCH_SECTIONS = ['summary', 'coverage', 'errors', 'overlap', 'registers', 'funnel', 'rights', 'allocation', 'lists'] as const;
export type WorkbenchSection = (typeof WORKBENCH_SECTIONS)[number];
/** Rows a workbench table shows per page (the first is the default); the CSV/XLSX always carries every row. */
export const PAGE_SIZES = [10, 25, 50] as const;

/** The by-name list of a region (regency, district or village) for a programme. */
export const listHref = (code: string, programme: string) => `/daftar/${code}?program=${encodeURIComponent(programme)}`;

/** A query string of the set values only. */
export const queryString = (o: Record<string, unknown>) =>
	new URLSearchParams(
		Object.entries(o)
			.filter(([, v]) => v !== undefined && v !== null && v !== '')
			.map(([k, v]) => [k, String(v)])
	).toString();
