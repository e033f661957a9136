import type { IndicatorDescription } from '../../indicators';
import { CATALOGUE, describeIndicator } from '../indicators/catalogue';

export interface OfficialFigure {
	indicator: string;
	period: number;
	value: number;
	source: string;
	synthetic: boolean;
}

/**
 * A region's official statistics grouped per indicator, in catalogue order, each with its name, unit and the
 * precision its source publishes, so a page shows "Garis kemiskinan BPS (Rp/kapita/bulan) Rp 753.332", never an id.
 * Series the catalogue does not describe are left out rather than shown by their raw key.
 */
export function officialSeries(rows: readonly OfficialFigure[]): { indicator: IndicatorDescription; figures: OfficialFigure[] }[] {
	return CATALOGUE.flatMap((e) => {
		if (e.kind !== 'official') return [];
		const figures = rows.filter((r) => r.indicator === e.officialKey);
		return figures.length ? [{ indicator: describeIndicator(e), figures }] : [];
	});
}
