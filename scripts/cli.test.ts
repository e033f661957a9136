import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
	return runIn({}, script, ...args);
}

function runIn(env: Record<string, string>, script: string, ...args: string[]) {
	return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, TEPAT_DATA_DIR: root, TEPAT_HMAC_KEY: 'k'.repeat(40), ...env }, encoding: 'utf8' });
}

/** One line on stderr, Indonesian then English, naming the path; exit 2; no stack trace. */
function expectFileAnswer(r: ReturnType<typeof spawnSync>, where: string) {
	expect(r.status, String(r.stderr)).toBe(2);
	const err = String(r.stderr).trim();
	expect(err.split('\n'), err).toHaveLength(1);
	expect(err).toMatch(/^(Berkas atau folder tidak ada|Berkas atau folder tidak dapat dibaca \(izin\)|Ini folder, bukan berkas|Ini bukan folder|Ada berkas di tempat folder yang diperlukan): .* \/ (File or folder not found|File or folder not readable \(permission\)|A folder, not a file|Not a folder|A file stands where a folder is needed): /);
	expect(err).toContain(where);
	expect(err).not.toContain('    at ');
}

describe('npm scripts on the command line', () => {
	it('answer a mistyped option with the reason and the usage, exit 2, and do nothing', () => {
		const r = run('scripts/data-demo.ts', '--sope', 'national');
		expect(r.status).toBe(2);
		expect(r.stderr).toContain("Unknown option '--sope'");
		expect(r.stderr).toContain('usage: npm run data:demo');
		expect(r.stderr).not.toContain('    at ');
		expect(fs.readdirSync(root)).toEqual([]);
	});

	it('answer a missing option value the same way', () => {
		const r = run('scripts/hive.ts', '--out');
		expect(r.status).toBe(2);
		expect(r.stderr).toContain("Option '--out <value>' argument missing");
		expect(r.stderr).toContain('usage: npm run snapshot:hive');
	});

	it('print the usage on --help and exit 0', () => {
		const r = run('scripts/geometry.ts', '--help');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('npm run geometry -- import FILE');
		expect(fs.readdirSync(root)).toEqual([]);
	});

	it('answer a missing or unreadable file with one bilingual line and exit 2, and do nothing', () => {
		const missing = path.join(root, 'tidak-ada.csv');
		expectFileAnswer(run('scripts/import.ts', 'households', missing, '--register', 'dtks'), missing);
		// A folder where a file is expected is an unreadable file too.
		expectFileAnswer(run('scripts/import.ts', 'official_indicators', os.tmpdir()), os.tmpdir());
		expectFileAnswer(run('scripts/geometry.ts', 'import', path.join(root, 'batas.geojson')), 'batas.geojson');
		expectFileAnswer(run('scripts/snapshot.ts', 'rollback', '20990101T000000Z-tidak-ada'), '20990101T000000Z-tidak-ada');
		expectFileAnswer(run('scripts/hive.ts', '--out', path.join(root, 'hive'), '--snapshot', path.join(root, 'snapshots', 'x')), path.join(root, 'snapshots', 'x'));
		expectFileAnswer(run('scripts/soak.ts', '--data-dir', path.join(root, 'tidak-ada')), 'tidak-ada');
		expectFileAnswer(run('scripts/bench.ts', '--data-dir', path.join(root, 'tidak-ada')), 'tidak-ada');
		expect(fs.readdirSync(root)).toEqual([]);
		expectFileAnswer(runIn({ TEPAT_DATA_DIR: path.join(root, 'tidak-ada') }, 'scripts/snapshot.ts', 'list'), 'tidak-ada');
		// The state folder is a file: the accounts database cannot be opened.
		const state = path.join(root, 'state-is-a-file');
		fs.writeFileSync(state, '');
		expectFileAnswer(runIn({ TEPAT_STATE_DIR: state }, 'scripts/admin.ts', 'list'), state);
		// The data folder is a file: the demo cannot write its snapshot.
		expectFileAnswer(runIn({ TEPAT_DATA_DIR: state }, 'scripts/data-demo.ts', '--scope', '64.02.13'), state);
		fs.rmSync(state);
	}, 120_000);

	it('npm run docs without its page answers the same way', () => {
		const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-docs-'));
		fs.symlinkSync(path.resolve('node_modules'), path.join(cwd, 'node_modules'));
		const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/docs.ts')], { cwd, encoding: 'utf8' });
		expectFileAnswer(r, 'docs/data-model.md');
		fs.rmSync(cwd, { recursive: true, force: true });
	});
});
