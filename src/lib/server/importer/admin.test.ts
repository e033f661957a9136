import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, templateCsv } from '.';
import { cancelJob, checkUpload, jobAnswer, publishUpload, remapUpload, startCheck } from './admin';
import { listProfiles } from './profiles';
import { sampleFile } from './samples';
import { templateXlsx } from './template';
import { emptyRoot, publishedDigest, useUploadState } from '../../../../tests/importer';
import { findUpload, rejectsFile, removeUpload, uploadsDir } from './uploads';

describe('the upload page: check first, publish second', () => {
	let root: string;
	useUploadState();
	beforeAll(async () => {
		root = await emptyRoot();
	});
	afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

	const form = (bytes: Uint8Array, fileName: string, kind: string, by = 'admin') => ({ bytes, fileName, kind, register: kind === 'households' ? 'dtks' : null, replace: false, replaceScope: null, by, scope: 'ID' });

	it('every kind\'s XLSX template, with its example row, passes the check and publishes', async () => {
		// Programmes come first: a distribution must name an imported programme. A verification form names its households
		// by the ref printed on it, which no template can know (byname/verval.server.test.ts imports filled forms).
		for (const kind of ['programmes', ...KINDS.filter((k) => k !== 'programmes' && k !== 'verifications')]) {
			const before = publishedDigest(root);
			const report = await checkUpload(root, form(await templateXlsx(kind as (typeof KINDS)[number]), `templat-${kind}.xlsx`, kind));
			expect(report.problems, kind).toEqual([]);
			expect(report).toMatchObject({ outcome: 'checked', rows: 1, snapshot: null });
			expect(publishedDigest(root), `${kind}: the check publishes nothing`).toBe(before);
			expect(report.summary?.table.after, kind).toBe((report.summary?.table.before ?? 0) + 1);

			expect(await publishUpload(root, report.token as string, { by: 'someone-else', scope: 'ID', confirm: [] }), 'another admin cannot publish it').toBeNull();
			const published = await publishUpload(root, report.token as string, { by: 'admin', scope: 'ID', confirm: [] });
			expect(published?.outcome, kind).toBe('published');
			expect(findUpload(report.token as string, 'admin'), 'the stored upload is gone once published').toBeNull();
		}
		expect(fs.readdirSync(uploadsDir())).toEqual([]);
	});

	it('a rejected upload is kept for the mapping step (an hour at most) and its rejects file is served by bare name only', async () => {
		const csv = templateCsv('child_growth').replace(/,9,/, ',900,');
		const report = await checkUpload(root, form(new TextEncoder().encode(csv), 'eppgbm.csv', 'child_growth'));
		expect(report.outcome).toBe('rejected');
		expect(report.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(['2:stunted:STUNTED_GT_MEASURED']);
		expect(findUpload(report.token as string, 'admin')?.fileName).toBe('eppgbm.csv');
		removeUpload(report.token as string);
		expect(fs.readdirSync(uploadsDir())).toEqual([]);
		expect(rejectsFile(root, report.rejects as string)).toMatch(/rejects\.csv$/);
		expect(rejectsFile(root, '../import-log.jsonl')).toBeNull();
		expect(rejectsFile(root, '..-rejects.csv')).toBeNull();
	});

	it('a regional admin (Kotabaru, 63.02) imports rows inside Kotabaru only, and cannot name a wider replacement', async () => {
		const before = publishedDigest(root);
		const csv = 'kode_wilayah,indikator,periode,nilai,sumber,metode\n63.02,extreme_poverty_rate,2024,4.5,BPS,Susenas\n64.02,extreme_poverty_rate,2024,1.1,BPS,Susenas\n63,extreme_poverty_rate,2024,4.1,BPS,Susenas\n';
		const regional = { ...form(new TextEncoder().encode(csv), 'bps.csv', 'official_indicators'), scope: '63.02' };
		const report = await checkUpload(root, regional);
		expect(report.outcome).toBe('rejected');
		expect(report.problems.map((p) => `${p.row}:${p.column}:${p.code}:${p.value}`)).toEqual(['3:region_code:OUTSIDE_SCOPE:64.02', '4:region_code:OUTSIDE_SCOPE:63']);
		expect(report.problems[0]?.message.id).toMatch(/di luar wilayah akun Anda/);
		expect(report.problems[0]?.message.en).toMatch(/outside your account’s region/);
		removeUpload(report.token as string);
		const inside = await checkUpload(root, { ...regional, bytes: new TextEncoder().encode(csv.split('\n').slice(0, 2).join('\n')) });
		expect(inside.outcome).toBe('checked');
		expect((await publishUpload(root, inside.token as string, { by: 'admin', scope: '63.02', confirm: [] }))?.outcome).toBe('published');
		const wide = { ...form(new TextEncoder().encode(templateCsv('child_growth').replace('64.02.13.1008', '63.02.01.2001')), 'cg.csv', 'child_growth'), scope: '63.02' };
		await expect(checkUpload(root, { ...wide, replaceScope: '63' })).rejects.toMatchObject({ code: 'REPLACE_SCOPE_OUTSIDE' });
		const named = await checkUpload(root, { ...wide, replaceScope: '63.02' });
		expect(named.summary?.replaceScope).toBe('63.02');
		expect((await publishUpload(root, named.token as string, { by: 'admin', scope: '63.02', confirm: [] }))?.outcome).toBe('published');
		expect(publishedDigest(root)).not.toBe(before);
	});

	it('the mapping step: a P3KE export without a year is given one, saved as a profile, and the next file of that layout uses it', async () => {
		const sample = sampleFile('households');
		const bytes = new TextEncoder().encode(sample.text);
		const p3ke = { ...form(bytes, sample.fileName, 'households'), register: 'p3ke' };
		const first = await checkUpload(root, p3ke);
		expect(first.problems.map((p) => `${p.column}:${p.code}`)).toEqual(['period:MISSING_COLUMN']);
		const kk = first.mapping?.columns.find((c) => c.header === 'No. KK');
		expect(kk).toMatchObject({ target: 'kk', via: 'name' });
		// The admin maps "ID Keluarga P3KE" explicitly to ignore, gives the year, and names the profile.
		const key = first.mapping?.columns.find((c) => c.header === 'ID Keluarga P3KE')?.key as string;
		const second = await remapUpload(root, first.token as string, { by: 'admin', scope: 'ID', mapping: { columns: { [key]: 'ignore' }, constants: { period: '2024' } }, saveProfile: 'P3KE Bappeda' });
		expect(second?.outcome).toBe('checked');
		expect(second?.savedProfile).toBe('P3KE Bappeda');
		expect(listProfiles(root, 'households').map((p) => p.name)).toEqual(['P3KE Bappeda']);
		expect((await publishUpload(root, second?.token as string, { by: 'admin', scope: 'ID', confirm: [] }))?.outcome).toBe('published');
		const again = await checkUpload(root, { ...p3ke, bytes: new TextEncoder().encode(sample.text.replaceAll('Jl. Contoh', 'Jalan Contoh')), fileName: 'p3ke-2.csv' });
		expect(again.mapping?.profile).toBe('P3KE Bappeda');
		expect(again.outcome).toBe('checked');
		removeUpload(again.token as string);
	});

	it('a check runs as a job the page can follow and cancel', async () => {
		const rows = ['no_kk,kode_desa,periode,jumlah_anggota'];
		for (let i = 0; i < 150_000; i++) rows.push(`64021301011${String(50000 + (i % 40000)).slice(0, 5)},64.02.13.1008,2024,${1 + (i % 5)}`);
		const state = startCheck(root, form(new TextEncoder().encode(rows.join('\n')), 'besar.csv', 'households'));
		const running = await jobAnswer(state.token, 'admin', 0);
		expect(running && 'job' in running && running.job.done).toBe(false);
		expect(await jobAnswer(state.token, 'someone-else', 0), 'another admin cannot follow it').toBeNull();
		expect(await cancelJob(state.token, 'admin')).toBe(true);
		const ended = await jobAnswer(state.token, 'admin', 0);
		expect(ended && 'error' in ended && ended.error.code).toBe('CANCELLED');
		expect(fs.readdirSync(uploadsDir())).toEqual([]);
	});

	it('refuses a file name with a folder before storing anything', async () => {
		await expect(checkUpload(root, form(new Uint8Array([1]), '../../current/x.csv', 'targets'))).rejects.toMatchObject({ code: 'BAD_FILE_NAME' });
		expect(fs.readdirSync(uploadsDir())).toEqual([]);
	});
});
