import { KINDS, KIND_SPECS, type Kind } from './kinds';
import { IGNORE } from './synonyms';
import { targetLabel, targetsOf } from './mapping';
import { parseMethodChange, type MethodChange } from './methods';

/**
 * The admin page's mapping step and method questions as form fields (they work without JavaScript):
 * `col_<position>` = target and `key_<position>` = the header's key per column, `const_<field>` a
 * value for every row, `profile_name` to save the mapping; per method question `method_<i>`
 * (`same` or `break`), `from_<i>`, `region_<i>` and `indicator_<i>`.
 */
export interface TargetOption {
	value: string;
	label: { id: string; en: string };
	/** A field with no column can be given a constant (not NIK, KK, names). */
	constant: boolean;
	required: boolean;
}

/** Per kind, what a column may be mapped to, labelled in both languages. */
export function mappingTargets(): Record<Kind, TargetOption[]> {
	return Object.fromEntries(
		KINDS.map((kind) => {
			const spec = KIND_SPECS[kind];
			return [
				kind,
				targetsOf(spec).map((value) => {
					const col = spec.columns.find((c) => c.name === value);
					return { value, label: targetLabel(spec, value), constant: !!col && !['kk', 'nik', 'name'].includes(col.type.t), required: col?.required ?? false };
				})
			];
		})
	) as Record<Kind, TargetOption[]>;
}

/** The mapping step's fields; an empty choice leaves the column to the automatic match. Checked against the kind when the import runs. */
export function remapForm(form: FormData): { mapping: { columns: Record<string, string>; constants: Record<string, string> }; saveProfile: string | null } {
	const columns: Record<string, string> = {};
	const constants: Record<string, string> = {};
	for (const [name, value] of form.entries()) {
		const col = /^col_(\d{1,3})$/.exec(name);
		const target = String(value).trim();
		if (col && target) {
			const key = String(form.get(`key_${col[1]}`) ?? '').slice(0, 200);
			if (key) columns[key] = target === IGNORE ? IGNORE : target.slice(0, 60);
		}
		const constant = /^const_(\w{1,40})$/.exec(name);
		if (constant?.[1] && target) constants[constant[1]] = target.slice(0, 200);
	}
	return { mapping: { columns, constants }, saveProfile: String(form.get('profile_name') ?? '').trim() || null };
}

/** The method questions answered "a real break", from their first year on. */
export function methodAnswers(form: FormData): MethodChange[] {
	const out: MethodChange[] = [];
	for (let i = 0; i < 100 && form.has(`method_${i}`); i++) {
		if (form.get(`method_${i}`) !== 'break') continue;
		out.push(parseMethodChange({ region: String(form.get(`region_${i}`) ?? ''), indicator: String(form.get(`indicator_${i}`) ?? ''), from: Number(form.get(`from_${i}`)) }));
	}
	return out;
}
