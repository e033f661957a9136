import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { describeRule, parseRule, ruleToSql } from './rule';

describe('eligibility rules as data', () => {
	const pkh = '{"all":[{"register":"dtks"},{"decile_max":4},{"any":[{"flag":"under_five"},{"flag":"elderly"}]}]}';

	it('selects exactly the households a PKH-style rule describes', async () => {
		const conn = await (await DuckDBInstance.create(':memory:')).connect();
		await conn.run(`CREATE TABLE households AS SELECT * FROM (VALUES
			('a', true, 3, 1, 0), ('b', true, 3, 0, 0), ('c', false, 1, 1, 1), ('d', true, 7, 0, 2), ('e', true, NULL, 1, 0)
		) t(household_id, in_dtks, decile, under_five, elderly)`);
		const reader = await conn.runAndReadAll(`SELECT household_id FROM households h WHERE ${ruleToSql(parseRule(pkh))} ORDER BY 1`);
		expect(reader.getRows().map((r) => r[0])).toEqual(['a']);
		conn.closeSync();
	});

	it('reads as words in Indonesian and English for the method note', () => {
		expect(describeRule(parseRule(pkh), 'id')).toBe('(DTKS dan desil 1–4 dan (under five atau elderly))');
		expect(describeRule(parseRule(pkh), 'en')).toBe('(DTKS and decile 1–4 and (under five or elderly))');
	});

	it('refuses fields outside the allow-list, so no rule can inject SQL', () => {
		expect(() => parseRule('{"register":"dtks; DROP TABLE households"}')).toThrow();
		expect(() => parseRule('{"flag":"x","sql":"1=1"}')).toThrow();
		expect(() => parseRule('{"decile_max":"4 OR 1=1"}')).toThrow();
		expect(() => parseRule('{"any":[]}')).toThrow();
	});
});
