import { describe, expect, it } from 'vitest';
import { m } from '../../paraglide/messages';
import { toCsvFile } from './table';

describe('a downloaded table', () => {
	it('labels its title, source and method in both languages from the messages the pages use', () => {
		const csv = toCsvFile({ title: 'Cakupan', filters: [], source: 'DTKS', method: 'hitung', snapshot: 's1', columns: [{ key: 'a', label: 'A', type: 'number' }], rows: [{ a: 1 }] });
		const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
		for (const [message, value] of [[m.export_title, 'Cakupan'], [m.source, 'DTKS'], [m.method, 'hitung']] as const) {
			const label = `${message({}, { locale: 'id' })} / ${message({}, { locale: 'en' })}`;
			expect(lines.some((l) => l.startsWith(label) && l.includes(value)), label).toBe(true);
		}
		expect(lines[0]).toMatch(/^Judul \/ Title/);
	});
});
