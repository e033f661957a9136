import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentSnapshotDir } from '../snapshot/store';
import { importBoundaries } from './import';
import { currentGeometry } from './store';

const fixtures = path.resolve('tests/fixtures/geometry');
let root: string;

beforeEach(() => {
	// A data folder of its own whose `current` is the demo snapshot: the region master comes from it.
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-'));
	fs.symlinkSync(currentSnapshotDir(path.resolve('data')) as string, path.join(root, 'current'));
});

describe('real boundary import', () => {
	it('matches GeoJSON villages by code, repairs the bow-tie, reports the unknown code and the missing villages', async () => {
		const { report, published, id } = await importBoundaries(root, path.join(fixtures, 'sungailiat-villages.geojson'), { publish: true });
		expect(report).toMatchObject({ format: 'geojson', codeField: 'kode_desa', level: 'village', features: 6, matched: 5 });
		expect(report.unmatched).toEqual([{ feature: 5, code: '19.01.01.9999' }]);
		expect(report.repaired).toEqual([{ code: '19.01.01.1005', problem: expect.stringMatching(/self-intersection/) }]);
		expect(report.missing.length).toBeGreaterThan(0);
		expect(report.missing.every((c) => c.startsWith('19.01.') && c.length === 13)).toBe(true);
		expect(report.missing).not.toContain('19.01.01.1001');
		expect(published).toBe(true);
		const live = currentGeometry(root)!;
		expect(live.manifest).toMatchObject({ id, kind: 'import', indicative: false });
		expect(Object.keys(live.regions)).toEqual(expect.arrayContaining(['19.01.01.1001', '19.01.01', '19.01', '19']));
	});

	it('reads the zipped Shapefile with 10-digit codes and reports the degenerate feature and the unknown code', async () => {
		const { report, published } = await importBoundaries(root, path.join(fixtures, 'sungailiat-villages.zip'), { publish: true });
		expect(report).toMatchObject({ format: 'shapefile', codeField: 'KDEPUM', level: 'village' });
		expect(report.unmatched).toEqual([{ feature: 5, code: '1901999999' }]);
		const bad = [...report.invalid.map((r) => r.code), ...report.repaired.map((r) => r.code)];
		expect(bad).toContain('19.01.01.1005');
		expect(published).toBe(true);
	});

	it('keeps the live version when a new file matches nothing', async () => {
		const first = await importBoundaries(root, path.join(fixtures, 'sungailiat-villages.geojson'), { publish: true });
		const junk = path.join(root, 'junk.geojson');
		fs.writeFileSync(junk, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kode: '99.99.99.9999' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }));
		const second = await importBoundaries(root, junk, { publish: true, codeField: 'kode' });
		expect(second.published).toBe(false);
		expect(second.problems).toEqual(['no feature matched a region code']);
		expect(currentGeometry(root)?.manifest.id).toBe(first.id);
	});
});
