import { z } from 'zod';
import { LEVELS } from '../../indicators';
import { METHODS } from '../../map/classify';
import { AGENCIES, ALL, OPERATIONAL, PUBLIC, ROLES, VERVAL_IMPORTERS, type Rule } from '../auth/policy';
import { bynameQuery } from '../byname/list';
import { allocationParams, coverageParams, SIDE_TABLES, workbenchParams } from '../coverage/service';
import { rightsParams } from '../rights/service';
import { EXPORT_FORMATS } from '../export/table';
import { KINDS } from '../importer/kinds';
import { SHEET_FORMATS } from '../public/download';
import { DOWNLOADS } from '../public/downloads';
import { indicator, isoDate, lang, period, programCode, listRegion, regionCode, regionList, version } from './fields';

/** A request as the edge parsed it: route parameters, query string and (for routes that declare one) form body. */
export interface Input<P, Q, F> {
	params: P;
	query: Q;
	/** Null unless the route declares a form and the request is a POST. */
	form: F | null;
}

export interface Route<P = unknown, Q = unknown, F = unknown> {
	/** `page`: a refusal renders `+error.svelte` in the site layout; `endpoint`: it is JSON `{ error: { id, en, code } }`. */
	kind: 'page' | 'endpoint';
	/** Route parameters; a value that fails is a 404, like a route that does not exist. */
	params: z.ZodType<P>;
	/** Query string, one value per name; unknown, repeated, malformed or too long is a 400. */
	query: z.ZodType<Q>;
	/** Form body of a POST, read here once when the access decision or the handler needs it. */
	form: z.ZodType<F> | null;
	access: Rule<Input<P, Q, F>>;
	/** Form actions of a page, each with the rule it needs on top of the page's own. */
	actions: Record<string, Rule<Input<P, Q, F>>>;
}

const none = z.strictObject({});

function route<P = Record<never, never>, Q = Record<never, never>, F = never>(spec: {
	kind: Route['kind'];
	params?: z.ZodType<P>;
	query?: z.ZodType<Q>;
	form?: z.ZodType<F>;
	access: Rule<Input<P, Q, F>>;
	actions?: Record<string, Rule<Input<P, Q, F>>>;
}): Route<P, Q, F> {
	return {
		kind: spec.kind,
		params: spec.params ?? (none as unknown as z.ZodType<P>),
		query: spec.query ?? (none as unknown as z.ZodType<Q>),
		form: spec.form ?? null,
		access: spec.access,
		actions: spec.actions ?? {}
	};
}

const SAME = PUBLIC;
/** Accounts, the audit log and snapshot rollback act on the whole country: administrators scoped to `ID` only (docs/access.md). */
const NATIONAL_ADMIN: Rule = { kind: 'national', roles: ['admin'] };
/** Imports: any administrator; the importer takes only rows inside the administrator's scope. */
const ADMIN: Rule = { kind: 'signed-in', roles: ['admin'] };
const code = z.strictObject({ code: regionCode });
const listCode = z.strictObject({ code: listRegion });
const sortDir = { dir: z.enum(['asc', 'desc']).default('desc') };
const workbench = {
	region: regionCode,
	program: programCode.optional(),
	format: z.enum(['json', ...EXPORT_FORMATS]).default('json'),
	lang: lang.default('id')
};
const bynameForm = bynameQuery.extend({ purpose: z.string().max(300).default('') }).strict();
/** A list's download: the list as CSV or XLSX, or its verification form (XLSX). */
const bynameDownload = bynameForm.extend({ format: z.enum(['csv', 'xlsx', 'form']).default('csv') }).strict();
const listAccess = { kind: 'scoped', roles: OPERATIONAL, regions: ({ params }: { params: { code: string } }) => [params.code] } as const;
const downloadName = z.enum(Object.keys(DOWNLOADS) as [keyof typeof DOWNLOADS, ...(keyof typeof DOWNLOADS)[]]);
const tileCoord = z.coerce.number().int().min(0).max(2 ** 24);
/** Text fields are only bounded here; the action checks them and answers on the form, field by field. */
const text = (max: number) => z.string().max(max).default('');
/** The accounts page's forms: create (all fields), enable or disable (`username`, `disabled`), reset (`username`). */
const accountForm = z.strictObject({
	username: text(40),
	role: z.enum(ROLES).optional(),
	scope: text(20),
	agency: z.enum(AGENCIES).optional(),
	disabled: z.enum(['0', '1']).optional()
});
const passwordForm = z.strictObject({ current: text(200), password: text(200), again: text(200) });
/** Public downloads: CSV laid out for Indonesian (`;`, decimal comma) or English Excel, or XLSX. */
const sheetQuery = z.strictObject({ format: z.enum(SHEET_FORMATS).default('csv'), lang: lang.default('id') });

/**
 * Every route under `src/routes`, by SvelteKit route id: who may open it, and the schema of what it
 * reads from the request. The edge parses each request with these once; the access rule and the
 * handler both read that parsed value (`input(event)`), never the URL again. A route missing here is
 * refused, and `routes.test.ts` fails when a file under `src/routes` has no entry.
 */
export const ROUTES = {
	'/': route({ kind: 'page', access: PUBLIC }),
	'/cari': route({ kind: 'page', query: z.strictObject({ q: z.string().trim().max(60).optional() }), access: PUBLIC }),
	'/bahasa': route({ kind: 'endpoint', query: z.strictObject({ ke: lang.optional(), kembali: z.string().max(2000).optional() }), access: PUBLIC }),
	'/masuk': route({ kind: 'page', query: z.strictObject({ kembali: z.string().max(2000).optional() }), access: PUBLIC, actions: { default: SAME } }),
	'/keluar': route({ kind: 'page', access: PUBLIC, actions: { default: SAME } }),
	'/akun': route({ kind: 'page', form: passwordForm, access: { kind: 'signed-in', roles: ALL }, actions: { default: SAME } }),
	'/istilah': route({ kind: 'page', access: PUBLIC }),
	'/publik': route({ kind: 'page', query: z.strictObject({ period: period.optional() }), access: PUBLIC }),
	'/publik/[code=region]': route({ kind: 'page', params: code, query: z.strictObject({ period: period.optional() }), access: PUBLIC }),
	'/publik/metode': route({ kind: 'page', access: PUBLIC }),
	'/publik/[code=region]/unduh': route({ kind: 'endpoint', params: code, query: sheetQuery, access: PUBLIC }),
	'/api/v1/public/[table]': route({ kind: 'endpoint', params: z.strictObject({ table: downloadName }), query: sheetQuery, access: PUBLIC }),
	'/api/v1/indicators': route({ kind: 'endpoint', access: PUBLIC }),
	'/api/v1/regions': route({
		kind: 'endpoint',
		query: z.strictObject({ q: z.string().trim().min(2).max(60), limit: z.coerce.number().int().min(1).max(50).default(20) }),
		access: PUBLIC
	}),
	'/api/v1/regions/[code=region]': route({ kind: 'endpoint', params: code, access: PUBLIC }),
	// Boundary geometry carries region codes only.
	'/api/v1/tiles': route({ kind: 'endpoint', access: PUBLIC }),
	'/api/v1/tiles/[z]/[x]/[y]': route({
		kind: 'endpoint',
		params: z.strictObject({ z: tileCoord.max(24), x: tileCoord, y: tileCoord }),
		query: z.strictObject({ v: version.optional() }),
		access: PUBLIC
	}),
	'/api/v1/raster/[part]': route({
		kind: 'endpoint',
		params: z.strictObject({ part: z.string().regex(/^villages(?:-\d{1,2}\.png|\.json)$/) }),
		query: z.strictObject({ v: version.optional() }),
		access: PUBLIC
	}),
	'/wilayah/[code=region]': route({
		kind: 'page',
		params: code,
		query: z.strictObject({ indicator: indicator.optional(), period: period.optional(), sort: z.enum(['code', 'name', 'value']).default('value'), ...sortDir }),
		access: { kind: 'public-view', roles: ALL, regions: ({ params }) => [params.code] }
	}),
	// The overview counts distributions and unsuppressed register values: signed in, within scope.
	'/ringkasan/[code=region]': route({
		kind: 'page',
		params: code,
		query: z.strictObject({ date: isoDate.optional(), sort: z.enum(['gap', 'change']).default('gap'), cetak: z.enum(['1']).optional() }),
		access: { kind: 'scoped', roles: ALL, regions: ({ params }) => [params.code] }
	}),
	// Regions inside the caller's scope with full figures; a comparison naming any region outside it (a peer
	// regency) is answered from the public database for every column, as a signed-out visitor sees it.
	'/bandingkan': route({
		kind: 'page',
		query: z.strictObject({ w: regionList.default([]), indicator: indicator.optional(), date: isoDate.optional(), q: z.string().trim().max(60).optional() }),
		access: { kind: 'public-view', roles: ALL, regions: ({ query }) => query.w }
	}),
	// Outside the caller's scope these answer from the public database, published indicators only.
	'/api/v1/values': route({
		kind: 'endpoint',
		query: z.strictObject({
			indicator,
			region: regionCode.default('ID'),
			level: z.enum(LEVELS).optional(),
			period: period.optional(),
			format: z.enum(['arrow', 'json', 'csv']).default('arrow'),
			/** `0` leaves the names out: a map that has them already needs codes and values only. */
			names: z.enum(['0', '1']).default('1'),
			/** With `names=0`: the fingerprint of the codes the map holds (`codesFingerprint`); the same codes are then left out too. */
			codes: z
				.string()
				.regex(/^[0-9a-f]{16}$/)
				.optional()
		}),
		access: { kind: 'public-view', roles: ALL, regions: ({ query }) => [query.region] }
	}),
	'/api/v1/series': route({
		kind: 'endpoint',
		query: z.strictObject({ indicator, region: regionCode, format: z.enum(['json', 'csv']).default('json') }),
		access: { kind: 'public-view', roles: ALL, regions: ({ query }) => [query.region] }
	}),
	// Official statistics and targets are public tables: the charts' downloads work signed out.
	'/api/v1/targets': route({
		kind: 'endpoint',
		query: z.strictObject({
			region: regionCode.default('ID'),
			indicator: indicator.optional(),
			date: isoDate.optional(),
			format: z.enum(['json', ...SHEET_FORMATS]).default('json'),
			lang: lang.default('id')
		}),
		access: PUBLIC
	}),
	// The map colours villages by unsuppressed register values: signed in, within scope (the selected village too).
	'/peta/[code=region]': route({
		kind: 'page',
		params: code,
		query: z.strictObject({
			indicator: indicator.optional(),
			period: period.optional(),
			level: z.enum(['district', 'village']).optional(),
			c: z.enum(METHODS).optional(),
			sel: regionCode.optional()
		}),
		access: { kind: 'scoped', roles: ALL, regions: ({ params, query }) => [params.code, ...(query.sel ? [query.sel] : [])] }
	}),
	'/perencanaan/[code=region]': route({
		kind: 'page',
		params: code,
		query: z.strictObject({
			program: programCode.optional(),
			...workbenchParams.shape,
			...coverageParams.shape,
			...allocationParams.shape,
			// The page plans the next packages, in proportion to unmet need, unless asked otherwise; the API keeps splitting a total flat.
			mode: allocationParams.shape.mode.unwrap().default('next'),
			rule: allocationParams.shape.rule.unwrap().default('unmet'),
			// Each section sorts its table its own way unless asked (coverage: lowest first; the others: largest unmet need first).
			sort: coverageParams.shape.sort.unwrap().optional(),
			dir: coverageParams.shape.dir.unwrap().optional(),
			rights_sort: rightsParams.shape.rights_sort,
			rights_dir: rightsParams.shape.rights_dir
		}),
		access: { kind: 'scoped', roles: OPERATIONAL, regions: ({ params, query }) => [params.code, ...(query.district ? [query.district] : [])] }
	}),
	'/api/v1/coverage': route({
		kind: 'endpoint',
		// With `table=` one of the workbench's other tables (funnel, overlap, registers, convergence …).
		query: z.strictObject({ ...workbench, table: z.enum(SIDE_TABLES).optional(), ...coverageParams.shape }),
		access: { kind: 'scoped', roles: OPERATIONAL, regions: ({ query }) => [query.region, ...(query.district ? [query.district] : [])] }
	}),
	'/api/v1/allocation': route({
		kind: 'endpoint',
		query: z.strictObject({ ...workbench, ...allocationParams.shape }),
		access: { kind: 'scoped', roles: OPERATIONAL, regions: ({ query }) => [query.region] }
	}),
	'/api/v1/rights': route({
		kind: 'endpoint',
		query: z.strictObject({ ...workbench, ...rightsParams.shape }),
		access: { kind: 'scoped', roles: OPERATIONAL, regions: ({ query }) => [query.region, ...(query.district ? [query.district] : [])] }
	}),
	'/daftar/[code=list_region]': route({
		kind: 'page',
		params: listCode,
		query: z.strictObject({ program: programCode.optional() }),
		form: bynameForm,
		access: listAccess,
		actions: { default: SAME }
	}),
	'/daftar/[code=list_region]/unduh': route({ kind: 'endpoint', params: listCode, form: bynameDownload, access: listAccess }),
	// The printable verification form: a POST (the purpose travels in the body and is audited), answered with the A4 page.
	'/daftar/[code=list_region]/cetak': route({ kind: 'page', params: listCode, form: bynameForm, access: listAccess, actions: { default: SAME } }),
	// A filled form comes back as a file (multipart, read by the action itself); rows outside the list's region are refused.
	'/daftar/[code=list_region]/verval': route({
		kind: 'page',
		params: listCode,
		access: { kind: 'scoped', roles: VERVAL_IMPORTERS, regions: ({ params }) => [params.code] },
		actions: { check: SAME, publish: SAME }
	}),
	'/admin': route({ kind: 'page', form: accountForm, access: NATIONAL_ADMIN, actions: { create: SAME, status: SAME, reset: SAME } }),
	'/admin/audit': route({ kind: 'page', access: NATIONAL_ADMIN }),
	'/admin/import': route({ kind: 'page', access: ADMIN, actions: { check: SAME, remap: SAME, publish: SAME, progress: SAME, cancel: SAME, rollback: NATIONAL_ADMIN } }),
	'/admin/import/rejects/[name]': route({ kind: 'endpoint', params: z.strictObject({ name: z.string().max(200) }), access: ADMIN }),
	// The admin's own check or publish job, polled by the upload page; the handler looks it up by token and user.
	'/admin/import/jobs/[token]': route({ kind: 'endpoint', params: z.strictObject({ token: z.string().max(100) }), access: ADMIN }),
	// Synthetic sample files (made-up rows in native-export shape) to try the import with.
	'/admin/import/sample/[kind]': route({ kind: 'endpoint', params: z.strictObject({ kind: z.enum(KINDS) }), access: ADMIN }),
	// Templates hold headers and one made-up example row; the officers who fill them need not be admins.
	'/admin/import/template/[kind]': route({
		kind: 'endpoint',
		params: z.strictObject({ kind: z.enum(KINDS) }),
		query: z.strictObject({ lang: lang.default('id'), format: z.enum(['csv', 'xlsx']).default('csv') }),
		access: { kind: 'signed-in', roles: ALL }
	})
};

export type RouteId = keyof typeof ROUTES;

/** Page parameters renamed so that one concept has one name across pages and the API; old links are redirected. */
const RENAMED: Record<string, string> = { i: 'indicator', p: 'period', tanggal: 'date', urut: 'sort' };

/** A page URL written with the old parameter names, rewritten with the new ones (null when there is nothing to rewrite). */
export function renamedUrl(route: Route, url: URL): string | null {
	const takes = (route.query as unknown as { shape?: Record<string, unknown> }).shape ?? {};
	const old = [...url.searchParams.keys()].filter((k) => Object.hasOwn(RENAMED, k) && RENAMED[k]! in takes && !url.searchParams.has(RENAMED[k]!));
	if (route.kind !== 'page' || old.length === 0) return null;
	const search = new URLSearchParams([...url.searchParams].map(([k, v]) => [old.includes(k) ? RENAMED[k]! : k, v]));
	return `${url.pathname}?${search}`;
}
type InputOfRoute<T> = T extends Route<infer P, infer Q, infer F> ? Input<P, Q, F> : never;
/** What `input(event)` gives the handler of route `R`. */
export type InputOf<R extends RouteId> = InputOfRoute<(typeof ROUTES)[R]>;

export function routeSpec(id: string): Route | null {
	return Object.hasOwn(ROUTES, id) ? (ROUTES[id as RouteId] as unknown as Route) : null;
}
