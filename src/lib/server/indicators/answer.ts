import type { Level } from '../../indicators';
import { arrowStream, narrowNumbers, plainText, type ArrowColumn } from '../api/arrow';
import { encode, encodeParts, type Encoded } from '../api/encoding';
import { ARROW_TYPE, toCsv } from '../api/serialise';
import { isValid } from '../db/columns';
import type { SnapshotDatabase } from '../db';
import { describeIndicator, type CatalogueEntry } from './catalogue';
import { sliceFingerprint, sliceJson, sliceText } from './frame';
import { prebuiltValues, valuesMetadata } from './prebuilt';
import { indicatorValueColumns, type ValueColumns } from './query';
import { valuesScope } from './service';

/** A `/api/v1/values` request as the edge parsed it. */
export interface ValuesRequest {
	region: string;
	level?: Level;
	period?: number;
	format: 'arrow' | 'json' | 'csv';
	names: '0' | '1';
	codes?: string;
}

/** An encoded values answer and what its headers need; the rows themselves are not kept. */
export type ValuesAnswer = Encoded & {
	snapshot: string;
	headers: Record<string, string>;
};

const valueText = (c: ValueColumns['value'], i: number) => {
	const v = c.values[i]!;
	return isValid(c, i) && (typeof v === 'bigint' || Number.isFinite(v)) ? String(v) : 'null';
};

/** The JSON of `getValues` (the same text, key for key), written from the columns without a row object. */
function jsonBody(head: object, { regions, value }: ValueColumns, names: boolean): string {
	const json = sliceJson(regions);
	const rows = new Array<string>(regions.codes.length);
	for (let i = 0; i < rows.length; i++) {
		rows[i] = names
			? `{"code":${json.codes[i]},"name":${json.names[i]},"value":${valueText(value, i)}}`
			: `{"code":${json.codes[i]},"value":${valueText(value, i)}}`;
	}
	const text = JSON.stringify({ ...head, rows: [] });
	return `${text.slice(0, -3)}[${rows.join(',')}]}`;
}

/**
 * The answer to a values request, encoded once (Arrow IPC, JSON or CSV, and its gzip form). In Arrow
 * the code and name columns are the frame's, shared and compressed once for every indicator and period
 * (frame.ts); only the value column is new. Without names, a map that holds the view's codes
 * (`codes=` names their fingerprint) gets the values alone, in code order. An Arrow answer the
 * snapshot build wrote ready to send (prebuilt.ts) is sent as it is.
 */
export async function valuesAnswer(db: SnapshotDatabase, e: CatalogueEntry, q: ValuesRequest): Promise<ValuesAnswer> {
	const scope = await valuesScope(db, e, q.region, q.level, q.period);
	const snapshot = db.manifest.id;
	const names = q.names === '1';
	// A map that holds the codes (`codes=`) is better served by the values alone, which the live path sends.
	if (q.format === 'arrow' && q.codes === undefined) {
		const ready = await prebuiltValues(db, e, q.region, scope.level, scope.period, names);
		if (ready) return { snapshot, headers: { 'content-type': ARROW_TYPE }, ...ready };
	}
	const columns = await indicatorValueColumns(db, e, q.region, scope.level, scope.period);
	const { regions, value } = columns;
	if (q.format === 'json') {
		const head = { indicator: describeIndicator(e), region: q.region, ...scope, snapshot, synthetic: db.manifest.synthetic };
		return { snapshot, headers: { 'content-type': 'application/json' }, ...(await encode(jsonBody(head, columns, names))) };
	}
	if (q.format === 'csv') {
		const preamble = [`${e.label.id} (${e.unit}), ${scope.level}, ${scope.period}`, `Sumber: ${e.source.id}; metode: ${e.method.id}`, `Snapshot ${snapshot}${db.manifest.synthetic ? ' (data sintetis)' : ''}`];
		const rows = regions.codes.map((code, i) => ({ code, name: regions.names[i], value: isValid(value, i) ? Number(value.values[i]) : null }));
		return {
			snapshot,
			headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${e.id}-${q.region}-${scope.period}.csv"` },
			...(await encode(toCsv(rows, names ? ['code', 'name', 'value'] : ['code', 'value'], preamble)))
		};
	}
	// Only an Arrow answer for a map leaves the codes out: a CSV or JSON reader needs them.
	const held = !names && q.codes !== undefined && q.codes === sliceFingerprint(regions) ? q.codes : null;
	const arrow: ArrowColumn[] = [];
	if (!held) arrow.push(regions.digits ? { name: 'code', kind: 'int64', values: regions.digits } : { name: 'code', kind: 'text', text: plainText(regions.codes) });
	if (names) arrow.push({ name: 'name', kind: 'text', text: sliceText(regions) });
	arrow.push({ name: 'value', kind: 'number', column: narrowNumbers(value) });
	const meta = { ...valuesMetadata(e, scope.level, scope.period, db.manifest), ...(held ? { codes: held } : {}) };
	const shared = held ? undefined : { leading: arrow.length - 1, slot: names ? regions.slots.named : regions.slots.unnamed };
	return { snapshot, headers: { 'content-type': ARROW_TYPE }, ...(await encodeParts(arrowStream(arrow, regions.codes.length, meta, shared))) };
}
