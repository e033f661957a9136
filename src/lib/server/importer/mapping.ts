import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { formHeader, type ColumnSpec, type KindSpec } from './kinds';
import { ImportError, type ErrorCode } from './messages';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { EXTRA_FIELDS, EXTRA_SYNONYMS, FIELD_SYNONYMS, IGNORE, IGNORED_SYNONYMS, headerKey, type ExtraField } from './synonyms';

/**
 * Which file column feeds which field. Each header is matched through its key (synonyms.ts): a
 * mapping the user gave (mapping file, saved profile, the page's mapping step) wins, then the
 * field's own name, then a synonym; an extra column (region names, address) is used or kept, a
 * known irrelevant one ignored. Anything else is unmapped: reported with the closest fields, and
 * its values are still checked as the closest field so no problem hides behind a header.
 */

/** What the user says: header key → field, extra field or `ignore`; field → a value for every row. */
export interface Mapping {
	columns: Record<string, string>;
	constants: Record<string, string>;
}

export type MatchVia = 'mapping' | 'name' | 'synonym' | 'ignored' | 'suggested' | 'none';

export interface ColumnMatch {
	/** 1-based position in the file. */
	position: number;
	/** The header as shown (a header that is not a plain short label is shown by position). */
	header: string;
	key: string;
	/** Field, extra field or `ignore`; null when nothing matched. */
	target: string | null;
	via: MatchVia;
	/** Closest fields, best first (for unmapped columns, and as alternatives on the mapping step). */
	suggestions: string[];
}

export interface MappingReport {
	columns: ColumnMatch[];
	constants: Record<string, string>;
	/** Fields derived from other columns: village code from region names, period and month from a date. */
	derived: { field: string; from: string[] }[];
	/** The profile that was applied, if any. */
	profile: string | null;
}

/** A header is echoed only when it is a short label: no pasted value (six digits in a row, a formula) reaches a report. */
function shownHeader(header: string, position: number): string {
	const h = header.replace(/^\uFEFF/, '').trim();
	return /^[\p{L}\p{N}#][\p{L}\p{N} _.,/()#'&-]{0,59}$/u.test(h) && !/\d{6,}/.test(h) ? h : `#${position}`;
}

const fieldNames = (spec: KindSpec) => spec.columns.map((c) => c.name);

/** Every label a field answers to, as keys: its own names, then its synonyms. */
function labels(spec: KindSpec, target: string): { own: string[]; synonyms: string[] } {
	const col = spec.columns.find((c) => c.name === target);
	// A column of a form the app prints answers to that form's header (`Ditemukan (ya/tidak) / Found (yes/no)`) as to its own names.
	if (col) return { own: [headerKey(col.name), headerKey(col.id), ...(col.header ? [headerKey(formHeader(col))] : [])], synonyms: (FIELD_SYNONYMS[col.name] ?? []).map(headerKey) };
	return { own: [headerKey(target)], synonyms: (EXTRA_SYNONYMS[target as ExtraField] ?? []).map(headerKey) };
}

const ADDRESS: readonly ExtraField[] = ['address', 'dusun', 'rt', 'rw'];
/** Region names from the deepest level up; a region column can be derived from the names of its level and above. */
const NAMES: readonly ExtraField[] = ['village_name', 'district_name', 'regency_name', 'province_name'];
const NAME_LEVELS = ['village', 'district', 'regency', 'province'];

/** Extra fields a kind uses: the region names its region column can be derived from, address fields for household registers (restricted table). */
function extrasOf(spec: KindSpec): ExtraField[] {
	const region = spec.columns.find((c) => c.type.t === 'region');
	const levels: readonly string[] = region?.type.t === 'region' ? region.type.levels : [];
	const deepest = NAME_LEVELS.findIndex((l) => levels.includes(l));
	return [...(deepest < 0 ? [] : NAMES.slice(deepest)), ...(spec.kind === 'households' ? ADDRESS : [])];
}

/** The targets a kind's file may map a column to: its fields, the extra fields that apply, and `ignore`. */
export function targetsOf(spec: KindSpec): string[] {
	// A kind may carry an extra as a field of its own (the verification form's `village_name`): it is then one target, the field.
	return [...fieldNames(spec), ...extrasOf(spec).filter((e) => !fieldNames(spec).includes(e)), IGNORE];
}

/** Personal fields of other kinds (a BAST list's "NIK KPM", an e-PPGBM "Nama Ortu"): never kept where the kind has no use for them. */
const PERSONAL_FIELDS = ['kk', 'head_nik', 'head_name', 'child_nik', 'parent_nik'];

/** Columns of native exports ignored without asking: the list in synonyms.ts, extras and personal fields this kind has no use for. */
const ignoredKeys = (spec: KindSpec) =>
	new Set(
		[
			...IGNORED_SYNONYMS,
			...EXTRA_FIELDS.filter((e) => !extrasOf(spec).includes(e)).flatMap((e) => EXTRA_SYNONYMS[e]),
			...PERSONAL_FIELDS.filter((f) => !spec.columns.some((c) => c.name === f)).flatMap((f) => FIELD_SYNONYMS[f] ?? [])
		].map(headerKey)
	);

function similarity(a: string, b: string): number {
	if (!a || !b) return 0;
	if (a === b) return 1;
	const contained = a.length >= 3 && b.length >= 3 && (a.includes(b) || b.includes(a)) ? 0.75 + 0.2 * (Math.min(a.length, b.length) / Math.max(a.length, b.length)) : 0;
	return Math.max(contained, 1 - distance(a, b) / Math.max(a.length, b.length));
}

const SUGGEST_MIN = 0.45;
/** A suggestion this close is used to check the column's values even before the user confirms it. */
const CHECK_AS_SUGGESTED = 0.6;

function suggest(spec: KindSpec, key: string, exclude: Set<string>): { target: string; score: number }[] {
	return targetsOf(spec)
		.filter((t) => t !== IGNORE && !exclude.has(t))
		.map((target) => {
			const { own, synonyms } = labels(spec, target);
			return { target, score: Math.max(...[...own, ...synonyms].map((l) => similarity(key, l))) };
		})
		.filter((s) => s.score >= SUGGEST_MIN)
		.sort((a, b) => b.score - a.score || targetsOf(spec).indexOf(a.target) - targetsOf(spec).indexOf(b.target))
		.slice(0, 3);
}

/** The first target whose own names, else whose synonyms, hold `key`; several at the same rank match nothing (ambiguous). */
function automatic(spec: KindSpec, key: string): { target: string; via: MatchVia } | null {
	const targets = targetsOf(spec).filter((t) => t !== IGNORE);
	const own = targets.filter((t) => labels(spec, t).own.includes(key));
	if (own.length === 1) return { target: own[0] as string, via: 'name' };
	const fields = targets.filter((t) => !(EXTRA_FIELDS as readonly string[]).includes(t) && labels(spec, t).synonyms.includes(key));
	if (fields.length === 1) return { target: fields[0] as string, via: 'synonym' };
	const extras = targets.filter((t) => (EXTRA_FIELDS as readonly string[]).includes(t) && labels(spec, t).synonyms.includes(key));
	if (fields.length === 0 && extras.length === 1) return { target: extras[0] as string, via: 'synonym' };
	if (fields.length === 0 && extras.length === 0 && ignoredKeys(spec).has(key)) return { target: IGNORE, via: 'ignored' };
	return null;
}

/** Matches every header. A target already taken by an earlier column is not given twice (the later one is a duplicate). */
export function matchColumns(spec: KindSpec, headers: string[], given: Mapping | null, profile: string | null = null): MappingReport {
	const columns: ColumnMatch[] = headers.map((h, i) => {
		const header = shownHeader(h, i + 1);
		// A header that is not a plain label (it may hold a pasted value) is known by its position only.
		const key = header.startsWith('#') ? header : headerKey(h);
		const chosen = given?.columns[key];
		const auto = chosen ? { target: chosen, via: 'mapping' as const } : automatic(spec, key);
		return { position: i + 1, header, key, target: auto?.target ?? null, via: auto?.via ?? 'none', suggestions: [] };
	});
	const taken = new Set(columns.map((c) => c.target).filter((t): t is string => t !== null && t !== IGNORE));
	for (const col of columns) {
		const found = suggest(spec, col.key, col.target ? new Set() : taken);
		col.suggestions = found.map((s) => s.target).filter((t) => t !== col.target);
		// Unmapped, but close enough to one free field: its values are checked as that field (the header problem stays).
		const best = found[0];
		if (col.target === null && best && best.score >= CHECK_AS_SUGGESTED && !taken.has(best.target)) {
			col.target = best.target;
			col.via = 'suggested';
			col.suggestions = col.suggestions.filter((t) => t !== best.target);
			taken.add(best.target);
		}
	}
	return { columns, constants: { ...(given?.constants ?? {}) }, derived: [], profile };
}

export interface HeaderProblem {
	column: string;
	code: ErrorCode;
	value: string | null;
}

/** Header problems: unmapped columns (with the closest fields), a field fed twice, a required field with no column, constant or derivation. */
export function headerProblems(spec: KindSpec, report: MappingReport): HeaderProblem[] {
	const out: HeaderProblem[] = [];
	const seen = new Set<string>();
	for (const col of report.columns) {
		if (col.via === 'none' || col.via === 'suggested') {
			const closest = col.via === 'suggested' ? [col.target as string, ...col.suggestions] : col.suggestions;
			out.push({ column: col.header, code: 'UNKNOWN_COLUMN', value: closest.length ? closest.join(', ') : null });
		} else if (col.target !== IGNORE && col.target !== null) {
			if (seen.has(col.target)) out.push({ column: col.header, code: 'DUPLICATE_COLUMN', value: col.target });
			seen.add(col.target);
		}
	}
	const fed = new Set([...report.columns.map((c) => c.target), ...Object.keys(report.constants), ...report.derived.map((d) => d.field)]);
	for (const col of spec.columns) if (col.required && !fed.has(col.name)) out.push({ column: col.name, code: 'MISSING_COLUMN', value: null });
	return out;
}

/** Field → 1-based file position, for the fields fed by a column (confirmed or, for checking only, suggested). */
export function positionsOf(report: MappingReport): Map<string, number> {
	const out = new Map<string, number>();
	for (const col of report.columns) if (col.target && col.target !== IGNORE && !out.has(col.target)) out.set(col.target, col.position);
	return out;
}

const PERSONAL_TYPES = new Set<ColumnSpec['type']['t']>(['kk', 'nik', 'name']);

const mappingSchema = z.object({
	columns: z.record(z.string().max(200), z.string().max(60)).default({}),
	constants: z.record(z.string().max(60), z.string().max(200)).default({})
});

/**
 * A mapping from a user (mapping file, profile, form): header keys normalised, targets and constant
 * fields checked against the kind. A constant never stands in for a personal field (NIK, KK, name).
 */
export function checkMapping(spec: KindSpec, raw: unknown): Mapping {
	const obj = raw && typeof raw === 'object' && !('columns' in raw) && !('constants' in raw) ? { columns: raw } : raw;
	const parsed = mappingSchema.safeParse(obj);
	if (!parsed.success) throw new ImportError('BAD_MAPPING', 'JSON');
	const allowed = new Set(targetsOf(spec));
	const columns: Record<string, string> = {};
	for (const [header, target] of Object.entries(parsed.data.columns)) {
		if (!allowed.has(target)) throw new ImportError('BAD_MAPPING', target.replace(/[^\w]/g, '').slice(0, 40));
		const key = /^#\d{1,3}$/.test(header) ? header : headerKey(header);
		if (key && !/\d{6,}/.test(key)) columns[key] = target;
	}
	const constants: Record<string, string> = {};
	for (const [field, value] of Object.entries(parsed.data.constants)) {
		const col = spec.columns.find((c) => c.name === field);
		if (!col || PERSONAL_TYPES.has(col.type.t)) throw new ImportError('BAD_MAPPING', field.replace(/[^\w]/g, '').slice(0, 40));
		if (value.trim()) constants[field] = value.trim();
	}
	return { columns, constants };
}

/** The mapping a report stands for, as a profile would store it (suggestions are not confirmations). */
export function confirmedMapping(report: MappingReport): Mapping {
	const columns: Record<string, string> = {};
	for (const col of report.columns) if (col.target && col.via !== 'suggested' && col.via !== 'none' && col.key) columns[col.key] = col.target;
	return { columns, constants: report.constants };
}

/** A label for a target in both languages, for the mapping step and the CLI. */
export function targetLabel(spec: KindSpec, target: string): { id: string; en: string } {
	const col = spec.columns.find((c) => c.name === target);
	if (col) return { id: `${col.id} — ${col.note.id}`, en: `${col.name} — ${col.note.en}` };
	const extra = EXTRA_LABELS[target as ExtraField | typeof IGNORE];
	return extra ?? { id: target, en: target };
}

const EXTRA_LABELS: Record<ExtraField | typeof IGNORE, { id: string; en: string }> = {
	province_name: both(m.import_field_province_name),
	regency_name: both(m.import_field_regency_name),
	district_name: both(m.import_field_district_name),
	village_name: both(m.import_field_village_name),
	address: both(m.import_field_address),
	dusun: both(m.import_field_dusun),
	rt: both(m.import_field_rt),
	rw: both(m.import_field_rw),
	ignore: both(m.import_field_ignore)
};

