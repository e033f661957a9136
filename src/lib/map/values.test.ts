import { makeData, makeVector, Table, tableFromIPC, tableToIPC, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CODE_VALUE_COLUMNS, toArrow, VALUE_COLUMNS } from '../server/api/serialise';
import { codeDigits, codeFromDigits, codesFromDigits } from '../region-code';
import { colourChanges, colourMap, colourOf, decodeValues, NO_CLASS, paint, type MapValue } from './values';

const roundTrip = (rows: MapValue[]) => {
	const bytes = toArrow(rows, VALUE_COLUMNS, { unit: 'percent' });
	return { table: tableFromIPC(bytes), decoded: decodeValues(bytes) };
};

describe('region codes as digits', () => {
	it('turns every level of dotted code into digits and back', () => {
		for (const code of ['63', '63.02', '63.02.01', '63.02.01.2001']) expect(codeFromDigits(codeDigits(code) as bigint)).toBe(code);
		expect(codeDigits('63.02.01.2001')).toBe(6302012001n);
	});

	it('turns a column of digits into dotted codes of any level, sharing parents or not', () => {
		const codes = ['11', '63.02', '63.02.01', '63.02.01.2001', '63.02.01.2002', '63.02.02.1001', '96.71.10.1004'];
		const column = BigInt64Array.from(codes.map((c) => codeDigits(c) as bigint));
		expect(codesFromDigits(column)).toEqual(codes);
	});

	it('refuses what is not a region code', () => {
		expect(() => codesFromDigits(BigInt64Array.from([123456789n]))).toThrow(/not a region code/);
		expect(codeDigits('ID')).toBeNull();
		expect(codeDigits('63.2')).toBeNull();
		expect(() => codeFromDigits(63021n)).toThrow(/not a region code/);
		expect(() => codeFromDigits(63020120011n)).toThrow(/not a region code/);
	});
});

describe('values as Arrow', () => {
	const villages: MapValue[] = [
		{ code: '63.02.01.2001', name: 'Sungai Kupang', value: 12 },
		{ code: '63.02.01.2002', name: 'Sebelimbingan', value: null },
		{ code: '63.02.01.2003', name: 'Tegal Rejo', value: 0 }
	];

	it('sends village codes as Int64 digits and whole counts as Int32, and decodes them to the same rows', () => {
		const { table, decoded } = roundTrip(villages);
		expect(String(table.getChild('code')?.type)).toBe('Int64');
		expect(String(table.getChild('value')?.type)).toBe('Int32');
		expect(decoded).toEqual(villages);
	});

	it('decodes an answer without names (names=0) to the same codes and values with empty names', () => {
		const bytes = toArrow(villages, CODE_VALUE_COLUMNS, {});
		expect(tableFromIPC(bytes).getChild('name')).toBeNull();
		expect(bytes.byteLength).toBeLessThan(toArrow(villages, VALUE_COLUMNS, {}).byteLength);
		expect(decodeValues(bytes)).toEqual(villages.map((r) => ({ ...r, name: '' })));
	});

	it('takes the names of an answer without names from rows of the same view, even in another order', () => {
		const bytes = toArrow(villages, CODE_VALUE_COLUMNS, {});
		expect(decodeValues(bytes, villages)).toEqual(villages);
		const [first, ...rest] = villages;
		expect(decodeValues(bytes, [...rest, first!])).toEqual(villages);
		expect(decodeValues(bytes, rest).map((r) => r.name)).toEqual([first!.code, ...rest.map((r) => r.name)]);
	});

	it('keeps a missing value missing instead of the zero that sits in the buffer', () => {
		const { table, decoded } = roundTrip(villages);
		expect(Array.from(table.getChild('value')?.toArray() as Int32Array)[1]).toBe(0);
		expect(decoded[1]?.value).toBeNull();
	});

	it('keeps fractions as Float64 and large counts exact', () => {
		const rows = [
			{ code: '63.02', name: 'Kotabaru', value: 33.333333333333336 },
			{ code: '63.03', name: 'Banjar', value: 2 ** 40 }
		];
		const { table, decoded } = roundTrip(rows);
		expect(String(table.getChild('value')?.type)).toBe('Float64');
		expect(decoded).toEqual(rows);
	});

	it('falls back to text codes when one of them is not a region code, and reads names that are not ASCII', () => {
		const rows = [
			{ code: 'ID', name: 'Indonesia', value: 1.5 },
			{ code: '92.01', name: 'Kabupaten Sorong – Papua Barat Daya', value: null }
		];
		const { table, decoded } = roundTrip(rows);
		expect(String(table.getChild('code')?.type)).toBe('Utf8');
		expect(decoded).toEqual(rows);
	});

	it('sends repeated names once (dictionary) when that is smaller, with a null and a non-ASCII name, and decodes the same rows', () => {
		const names = ['Sukamaju', 'Mekar Sari', 'Sukamaju', null, 'Sukamaju', 'Ülü Sungai', 'Mekar Sari', 'Sukamaju'];
		const rows = names.map((name, i) => ({ code: `63.02.01.${2001 + i}`, name, value: i }));
		const bytes = toArrow(rows, VALUE_COLUMNS, {});
		expect(String(tableFromIPC(bytes).getChild('name')?.type)).toBe('Dictionary<Uint8, Utf8>');
		expect(decodeValues(bytes)).toEqual(rows.map((r) => ({ ...r, name: r.name ?? '' })));
	});

	it('cuts names of one-, two-, three- and four-byte characters from one decode, plain or as a dictionary', () => {
		const names = ['Regapu\u2019u', 'Ülü Sungai', 'A', '\u{1d538}ira Lama', 'Désa Baru', 'Udek Du\u2019en', 'Sukamaju'];
		const plain = names.map((name, i) => ({ code: `63.02.01.${2001 + i}`, name, value: i }));
		expect(String(tableFromIPC(toArrow(plain, VALUE_COLUMNS, {})).getChild('name')?.type)).toBe('Utf8');
		expect(decodeValues(toArrow(plain, VALUE_COLUMNS, {}))).toEqual(plain);
		const repeated = [...plain, ...plain, ...plain].map((r, i) => ({ ...r, code: `63.02.01.${2001 + i}` }));
		expect(String(tableFromIPC(toArrow(repeated, VALUE_COLUMNS, {})).getChild('name')?.type)).toBe('Dictionary<Uint8, Utf8>');
		expect(decodeValues(toArrow(repeated, VALUE_COLUMNS, {}))).toEqual(repeated);
	});

	it('decodes malformed UTF-8 cell by cell, so one bad byte does not shift the names after it', () => {
		const text = (parts: number[][]) => {
			const offsets = [0];
			for (const p of parts) offsets.push(offsets.at(-1)! + p.length);
			return makeVector(makeData({ type: new Utf8(), length: parts.length, nullCount: 0, valueOffsets: Int32Array.from(offsets), data: Uint8Array.from(parts.flat()) }));
		};
		const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
		const bytes = tableToIPC(new Table({ code: text([ascii('63.02'), ascii('63.03')]), name: text([[0xc3, 0xa9, 0x80], ascii('Kotabaru')]), value: makeVector(Int32Array.from([1, 2])) }));
		expect(decodeValues(bytes)).toEqual([
			{ code: '63.02', name: 'é\ufffd', value: 1 },
			{ code: '63.03', name: 'Kotabaru', value: 2 }
		]);
	});

	it('keeps names that are all different as plain text, where a dictionary would only add keys', () => {
		const { table, decoded } = roundTrip(villages);
		expect(String(table.getChild('name')?.type)).toBe('Utf8');
		expect(decoded).toEqual(villages);
	});
});

describe('colour changes for a recolour', () => {
	it('names only the codes whose colour changed and those that lost it', () => {
		const previous = new Map([
			['a', '#111'],
			['b', '#222'],
			['c', '#333']
		]);
		const colours = new Map([
			['a', '#111'],
			['b', '#999'],
			['d', '#444'],
			['c', '#333']
		]);
		const { next, removed, changed } = colourChanges(previous, colours, new Set(['c']));
		expect([...next]).toEqual([
			['a', '#111'],
			['b', '#999'],
			['d', '#444']
		]);
		expect(removed).toEqual(['c']);
		expect(changed).toEqual([
			['b', '#999'],
			['d', '#444']
		]);
	});
});

describe('painting', () => {
	it('sorts the rows by code and keeps each class with its region', () => {
		const rows = [
			{ code: '63.02.01.2003', name: 'C', value: 30 },
			{ code: '63.02.01.2001', name: 'A', value: 10 },
			{ code: '63.02.01.2004', name: 'D', value: null },
			{ code: '63.02.01.2002', name: 'B', value: 20 }
		];
		const p = paint(rows, 'quantile', 'higher_is_worse');
		expect(p.colouring.codes).toEqual(['63.02.01.2001', '63.02.01.2002', '63.02.01.2003', '63.02.01.2004']);
		expect(p.colouring.classIndex[3]).toBe(NO_CLASS);
		const byCode = colourMap(p.colouring);
		expect(byCode.has('63.02.01.2004')).toBe(false);
		for (const r of rows) if (r.value !== null) expect(byCode.get(r.code)).toBe(colourOf(p, r.value));
		expect(new Set(byCode.values()).size).toBe(3);
	});
});
