import { m } from '$lib/paraglide/messages';
import type { Locale } from '../../format';
import { outcomeText, targetRange } from '../../target-text';
import { deadlineYear, trajectoryRows, type Panel } from '../../targets';
import type { Region } from '../regions/query';
import type { Sheet } from '../public/download';
import { unitText } from '../public/opendata';

const STATUS = { on_track: m.status_on_track, at_risk: m.status_at_risk, off_track: m.status_off_track, unknown: m.status_unknown };

/** One indicator's trajectory for one region as a spreadsheet: a row per year, the target, status and method on the second sheet. */
export function trajectorySheet(p: Panel, region: Region, date: string, snapshot: string, locale: Locale): Sheet {
	const o = { locale };
	const t = p.inForce?.target;
	const decimals = p.indicator.decimals;
	const number = (key: string, label: string) => ({ key, label, type: 'number' as const, decimals });
	const sources = [...new Set(p.observations.map((x) => x.source))].join('; ') || p.indicator.source[locale];
	return {
		name: `trajektori-${p.indicator.id}-${region.code}`,
		title: `${p.indicator.label[locale]} — ${region.name}`,
		header: 'label',
		columns: [
			{ key: 'period', label: m.col_period({}, o), type: 'number' },
			number('observed', m.col_observed({}, o)),
			number('ci_lower', m.col_ci_lower({}, o)),
			number('ci_upper', m.col_ci_upper({}, o)),
			{ key: 'method', label: m.col_method({}, o), type: 'text' },
			{ key: 'source', label: m.source({}, o), type: 'text' },
			number('projected', m.col_projected({}, o)),
			number('projected_lower', m.col_band_lower({}, o)),
			number('projected_upper', m.col_band_upper({}, o))
		],
		rows: trajectoryRows(p.observations, p.assessment?.projection ?? null).map((r) => ({ ...r })),
		notes: [
			[m.dl_region({}, o), `${region.name} (${region.code})`],
			[m.dl_unit({}, o), unitText(p.indicator.unit, locale)],
			[m.dl_evaluated({}, o), date],
			[
				m.target_in_force({}, o),
				t ? `${m.target_value({ value: targetRange(p.indicator, t, locale), deadline: String(deadlineYear(t)) }, o)} — ${m.target_basis({ basis: t.basis, adopted: t.adopted }, o)}` : m.target_none({}, o)
			],
			[m.status_label({}, o), p.assessment ? STATUS[p.assessment.status]({}, o) : '–'],
			...p.outcomes.map((x): [string, string] => ['', outcomeText(p.indicator, x, locale)]),
			[m.source({}, o), sources],
			[m.method({}, o), `${p.indicator.method[locale]}. ${m.dl_projection({}, o)}`],
			[m.snapshot({}, o), snapshot]
		]
	};
}
