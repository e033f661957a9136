import { z } from 'zod';

/**
 * A programme's eligibility rule is data (stored in `programmes.eligibility_rule` as JSON) and is
 * compiled to a SQL predicate over `households` columns. Only the fields below can appear.
 */
const REGISTER_COLUMNS = { dtks: 'in_dtks', p3ke: 'in_p3ke', dtsen: 'in_dtsen', krs: 'in_krs' } as const;
const FLAG_COLUMNS = {
	extreme_poor: 'extreme_poor',
	under_five: 'under_five > 0',
	pregnant: 'pregnant > 0',
	elderly: 'elderly > 0',
	disabled: 'disabled > 0',
	housing_unfit: 'housing_unfit',
	head_informal_work: 'head_informal_work',
	low_consumption: 'low_consumption',
	no_safe_water: 'no_safe_water',
	no_sanitation: 'no_sanitation',
	no_health_access: 'no_health_access'
} as const;

export type Rule =
	| { register: keyof typeof REGISTER_COLUMNS }
	| { flag: keyof typeof FLAG_COLUMNS }
	| { decile_max: number }
	| { all: Rule[] }
	| { any: Rule[] };

export const ruleSchema: z.ZodType<Rule> = z.lazy(() =>
	z.union([
		z.strictObject({ register: z.enum(Object.keys(REGISTER_COLUMNS) as [keyof typeof REGISTER_COLUMNS]) }),
		z.strictObject({ flag: z.enum(Object.keys(FLAG_COLUMNS) as [keyof typeof FLAG_COLUMNS]) }),
		z.strictObject({ decile_max: z.number().int().min(1).max(10) }),
		z.strictObject({ all: z.array(ruleSchema).min(1) }),
		z.strictObject({ any: z.array(ruleSchema).min(1) })
	])
);

export function parseRule(json: string): Rule {
	return ruleSchema.parse(JSON.parse(json));
}

/** SQL boolean expression over a `households` row; every identifier comes from the maps above. */
export function ruleToSql(rule: Rule, alias = 'h'): string {
	if ('register' in rule) return `${alias}.${REGISTER_COLUMNS[rule.register]}`;
	if ('flag' in rule) return `(${alias}.${FLAG_COLUMNS[rule.flag]})`;
	if ('decile_max' in rule) return `coalesce(${alias}.decile <= ${Math.trunc(rule.decile_max)}, false)`;
	const parts = ('all' in rule ? rule.all : rule.any).map((r) => ruleToSql(r, alias));
	return `(${parts.join('all' in rule ? ' AND ' : ' OR ')})`;
}

export type Register = keyof typeof REGISTER_COLUMNS;

/**
 * The registers a programme proposes its recipients from: those its rule names, in the order named, or
 * all four when it names none (a rule on deciles or flags alone draws on every register).
 */
export function ruleRegisters(rule: Rule): Register[] {
	const named = new Set<Register>();
	const walk = (r: Rule): void => {
		if ('register' in r) named.add(r.register);
		else if ('all' in r) r.all.forEach(walk);
		else if ('any' in r) r.any.forEach(walk);
	};
	walk(rule);
	return named.size ? [...named] : (Object.keys(REGISTER_COLUMNS) as Register[]);
}

/** SQL: the `households` row is on one of the programme's lists (NULL when there is no row at all). */
export function onListSql(rule: Rule, alias = 'h'): string {
	return `(${ruleRegisters(rule)
		.map((r) => `${alias}.${REGISTER_COLUMNS[r]}`)
		.join(' OR ')})`;
}

/** Human-readable rule, for method notes under coverage figures. */
export function describeRule(rule: Rule, lang: 'id' | 'en'): string {
	if ('register' in rule) return rule.register.toUpperCase();
	if ('flag' in rule) return rule.flag.replaceAll('_', ' ');
	if ('decile_max' in rule) return lang === 'id' ? `desil 1–${rule.decile_max}` : `decile 1–${rule.decile_max}`;
	const joiner = 'all' in rule ? (lang === 'id' ? ' dan ' : ' and ') : lang === 'id' ? ' atau ' : ' or ';
	return `(${('all' in rule ? rule.all : rule.any).map((r) => describeRule(r, lang)).join(joiner)})`;
}
