import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
	return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, TEPAT_DATA_DIR: root }, encoding: 'utf8' });
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
});
