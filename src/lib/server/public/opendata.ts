import { m } from '$lib/paraglide/messages';
import type { Locale } from '../../format';
import type { Unit } from '../../indicators';
import type { SnapshotDatabase } from '../db';
import { findIndicator } from '../indicators/catalogue';
import type { Sheet, SheetColumn } from './download';
import { DOWNLOADS, type DownloadName } from './downloads';

/** Columns that hold numbers; every other column is text (codes keep their dots and leading zeros). */
const NUMERIC = new Set(['period', 'value', 'ci_lower', 'ci_upper', 'unit_value_rp', 'months', 'start_month', 'rounds', 'round_months', 'cash_per_round_rp', 'in_kind_per_round_rp']);

export function unitText(unit: Unit, locale: Locale): string {
	const label = { households: m.unit_households, families: m.unit_families, children: m.unit_children, people: m.unit_people, percent: m.unit_percent, rupiah: m.unit_rupiah, rupiah_per_capita_month: m.unit_rupiah_per_capita_month }[unit];
	return label({}, { locale });
}

/** The notes every public file carries on its second sheet. */
export function publicNotes(db: SnapshotDatabase, locale: Locale, hidden: string): [string, string][] {
	return [
		[m.snapshot({}, { locale }), db.manifest.id],
		...(db.manifest.synthetic ? [[m.pub_synthetic({}, { locale }), m.synthetic_banner({}, { locale })] as [string, string]] : []),
		[m.method({}, { locale }), `${m.pub_method_suppression({}, { locale })} ${m.pub_method_rupiah({}, { locale })}`],
		[m.pub_suppressed({}, { locale }), hidden],
		[m.dl_page({}, { locale }), '/publik/metode']
	];
}

/**
 * One of the open-data tables as a spreadsheet: the columns as the API names them (machine-readable headers), the
 * official statistics with each indicator's name, source and unit beside its id, and the notes on the second sheet.
 */
export async function openDataSheet(db: SnapshotDatabase, table: DownloadName, locale: Locale): Promise<Sheet> {
	const spec = DOWNLOADS[table];
	const raw = await db.query(spec.sql);
	let columns: SheetColumn[] = spec.columns.map((key) => ({ key, label: key, type: NUMERIC.has(key) ? 'number' : 'text' }));
	let rows = raw;
	if (table === 'indikator-resmi') {
		const at = columns.findIndex((c) => c.key === 'indicator') + 1;
		columns = [
			...columns.slice(0, at),
			{ key: 'indicator_label', label: 'indicator_label', type: 'text', about: m.dl_official_label({}, { locale }) },
			{ key: 'unit', label: 'unit', type: 'text', about: m.dl_unit({}, { locale }) },
			...columns.slice(at).map((c) => (c.key === 'value' ? { ...c, about: m.dl_value_official({}, { locale }) } : c))
		];
		rows = raw.map((r) => {
			const e = findIndicator(String(r.indicator));
			return { ...r, indicator_label: e ? e.label[locale] : r.indicator, unit: e ? unitText(e.unit, locale) : '' };
		});
	}
	const titles: Record<DownloadName, string> = {
		'nilai-wilayah': m.dl_title_values({}, { locale }),
		program: m.dl_title_programmes({}, { locale }),
		'indikator-resmi': m.pub_official({}, { locale })
	};
	return { name: `tepat-${table}-${db.manifest.id}`, title: titles[table], columns, rows, header: 'key', notes: publicNotes(db, locale, m.dl_hidden({}, { locale })) };
}
