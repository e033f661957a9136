/**
 * The whole test run: type check, lint, demo snapshot + build, server tests, browser tests.
 * Every step runs even after a failure; the last line printed is `N passed, N failed`.
 * The app is built into `build-test/` and the browser tests start it from there, so a demo served
 * from `build/` meanwhile keeps running (TEPAT_BUILD_DIR, read by svelte.config.js and tests/e2e/harness.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_TABLES, SCHEMA_VERSION } from '../src/lib/server/snapshot/schema';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = join(root, 'test-results');

interface Step {
	name: string;
	passed: number;
	failed: number;
	/** Setup steps (demo data, build) count only when they fail. */
	setup?: boolean;
	note?: string;
}

/** The fields of Vitest's JSON report that the count needs. */
interface VitestReport {
	numPassedTests: number;
	numFailedTests: number;
	testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

const steps: Step[] = [];

function run(cmd: string, args: string[]): Promise<number> {
	console.log(`\n▶ ${cmd} ${args.join(' ')}`);
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
		child.on('error', (err) => {
			console.error(err);
			resolve(1);
		});
		child.on('close', (code) => resolve(code ?? 1));
	});
}

/** check, lint: one test each. */
async function single(name: string, args: string[]): Promise<void> {
	const code = await run('npm', args);
	steps.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, note: code ? `exit ${code}` : '' });
}

async function setup(name: string, args: string[]): Promise<boolean> {
	const code = await run('npm', args);
	steps.push({ name, passed: 0, failed: code === 0 ? 0 : 1, setup: true, note: code ? `exit ${code}` : '' });
	return code === 0;
}

async function vitest(project: string): Promise<void> {
	const name = `vitest ${project}`;
	const out = join(reportDir, `vitest-${project}.json`);
	rmSync(out, { force: true });
	const code = await run('npx', [
		'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${out}`
	]);
	if (!existsSync(out)) {
		steps.push({ name, passed: 0, failed: 1, note: `no JSON report, exit ${code}` });
		return;
	}
	const report = JSON.parse(readFileSync(out, 'utf8')) as VitestReport;
	// A file that fails outside its tests (import error, failing beforeAll) has no failed test of its own.
	const broken = report.testResults.filter(
		(f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed')
	);
	const notes = broken.map((f) => `failed file ${f.name.replace(root, '')}`);
	let failed = report.numFailedTests + broken.length;
	if (code !== 0 && failed === 0) {
		failed = 1;
		notes.push(`exit ${code} with no failed test (unhandled error?)`);
	}
	steps.push({ name, passed: report.numPassedTests, failed, note: notes.join('; ') });
}

/** data/current exists and was written for the current schema (else the demo is regenerated). */
function hasSnapshot(): boolean {
	const current = join(root, 'data', 'current');
	try {
		if (!lstatSync(current).isSymbolicLink()) return false;
		const m = JSON.parse(readFileSync(join(current, 'manifest.json'), 'utf8')) as {
			schema_version?: number;
			tables?: Record<string, unknown>;
		};
		const stale = m.schema_version !== SCHEMA_VERSION || ALL_TABLES.some((t) => !m.tables?.[t.name]);
		if (stale) console.log('data/current was written for another schema: regenerating the demo snapshot');
		return !stale;
	} catch {
		return false;
	}
}

process.env.TEPAT_BUILD_DIR = 'build-test';
mkdirSync(reportDir, { recursive: true });
await single('check', ['run', 'check']);
await single('lint', ['run', 'lint']);
const dataOk = hasSnapshot() || (await setup('data:demo', ['run', 'data:demo']));
const buildOk = await setup('build', ['run', 'build']);
await vitest('server');
if (dataOk && buildOk) await vitest('e2e');
else steps.push({ name: 'vitest e2e', passed: 0, failed: 0, setup: true, note: 'skipped: no build or no demo data' });

console.log('\nSummary');
for (const s of steps) {
	const mark = s.failed ? '✗' : s.note?.startsWith('skipped') ? '-' : '✓';
	const counts = s.setup ? (s.failed ? 'failed' : s.note ? '' : 'ok') : `${s.passed} passed, ${s.failed} failed`;
	console.log(`  ${mark} ${s.name.padEnd(11)} ${[counts, s.note].filter(Boolean).join('  ')}`);
}
const passed = steps.reduce((n, s) => n + s.passed, 0);
const failed = steps.reduce((n, s) => n + s.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
