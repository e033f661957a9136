/**
 * `npm run bench:dtsen -- --households 12000000,25000000,50000000,70000000`: the national register at
 * DTSEN scale (the 2025 register, households of deciles 1–10 in all 83,762 villages), generated and
 * built into a snapshot once per size, each in its own process under `/usr/bin/time -v`: wall time per
 * stage, peak resident memory, snapshot size on disk and the load average before and after. On each
 * snapshot the built server then answers national village `values` cold (just started, every register
 * indicator asked once, with and without names) beside DuckDB's own execution of the same SQL. The
 * snapshots go to data/bench-dtsen/ and are deleted after measuring unless --keep; the figures go to
 * bench/results/<date>-dtsen.json (beside the sizes measured there earlier that day). A size is not started after one that failed or was stopped.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDir, startServer } from '../tests/e2e/harness';
import { SnapshotDatabase } from '../src/lib/server/db';
import { CATALOGUE } from '../src/lib/server/indicators/catalogue';
import { valueColumnQuery } from '../src/lib/server/indicators/query';
import { currentSnapshot } from '../src/lib/server/snapshot/store';
import { coldWarm, type ColdWarmFigure, type ColdWarmKey } from '../bench/coldwarm';
import { HttpClient } from '../bench/http';
import { benchSession } from '../bench/session';
import { childPid, processMemory, runCommand } from '../bench/system';
import { commandLine } from './cli';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm run bench:dtsen -- --households N[,N…] [options]
  --households N,…    register sizes to build, smallest first (households in 2025)
  --periods Y,…       periods to generate (default 2025, the DTSEN year)
  --min-available-mb N  stop a build when the machine's available memory falls below N MiB (default 5000)
  --skip-build        reuse build/ instead of running 'npx vite build'
  --cold-only         no build: time the cold answers again on the snapshots kept by an earlier --keep run
  --keep              keep the snapshots in data/bench-dtsen/ (default: delete each after measuring)`;
const { values: opts } = commandLine({
	options: {
		households: { type: 'string' },
		periods: { type: 'string', default: '2025' },
		'min-available-mb': { type: 'string', default: '5000' },
		'skip-build': { type: 'boolean', default: false },
		'cold-only': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false }
	}
}, usage);
const sizes = (opts.households ?? '').split(',').filter(Boolean).map(Number);
if (!sizes.length || sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
	console.error(`--households must list positive whole numbers separated by commas\n${usage}`);
	process.exit(2);
}
const minAvailableMb = Number(opts['min-available-mb']);

interface Run {
	households: number;
	periods: string;
	status: 'built' | 'failed' | 'stopped for memory';
	household_rows: number | null;
	/** Seconds per generation and build step, in order. */
	stages: Record<string, number>;
	wall_s: number;
	/** CPU seconds of the generator's process tree, user + system: the work, which other load does not stretch. */
	cpu_s: number | null;
	/** Largest resident set of the generator's process tree (/usr/bin/time -v), in MiB. */
	peak_rss_mb: number | null;
	snapshot_bytes: number | null;
	tables: Record<string, { rows: number; bytes: number }>;
	/** Lowest MemAvailable of the machine during the build, in MiB. */
	min_available_mb: number;
	load_average: [number, number];
	cold: ColdFigures | null;
	error?: string;
}

interface ColdFigures {
	load_average: [number, number];
	server_ready_s: number;
	server_peak_rss_mb: number;
	values: ColdWarmFigure;
}

const load1 = () => os.loadavg()[0] ?? 0;
const availableMb = () => Number(/MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024;

function dirBytes(dir: string): number {
	let total = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
	return total;
}

/** Generates and builds one size in a child process; its output is echoed and parsed for the stage lines. */
async function build(households: number, dataDir: string): Promise<Run> {
	const loadStart = load1();
	const args = ['-v', 'npx', 'tsx', 'scripts/data-demo.ts', '--scope', 'national', '--households', String(households), '--periods', opts.periods, '--skip-geometry'];
	const child = spawn('/usr/bin/time', args, { cwd: root, env: { ...process.env, TEPAT_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	const keep = (chunk: string) => {
		process.stdout.write(chunk);
		output += chunk;
	};
	child.stdout.setEncoding('utf8').on('data', keep);
	child.stderr.setEncoding('utf8').on('data', keep);
	let minAvailable = availableMb();
	let stopped = false;
	const t0 = performance.now();
	const watch = setInterval(() => {
		minAvailable = Math.min(minAvailable, availableMb());
		if (minAvailable < minAvailableMb && !stopped && child.pid) {
			stopped = true;
			console.log(`Available memory ${minAvailable.toFixed(0)} MiB < ${minAvailableMb} MiB: stopping this build`);
			process.kill(-child.pid, 'SIGKILL');
		}
	}, 1000);
	const [code] = (await once(child, 'exit')) as [number | null];
	clearInterval(watch);
	const wall = (performance.now() - t0) / 1000;
	const stages = Object.fromEntries([...output.matchAll(/^ {2}stage (.+?)\s+([\d.]+) s$/gm)].map((m) => [m[1]!, Number(m[2])]));
	const cpu = ['User', 'System'].map((k) => new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(output)?.[1]);
	const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1];
	const snapshot = code === 0 ? currentSnapshot(dataDir) : null;
	const tables = Object.fromEntries(Object.entries(snapshot?.manifest.tables ?? {}).map(([k, t]) => [k, { rows: t.rows, bytes: t.bytes }]));
	return {
		households,
		periods: opts.periods,
		status: snapshot ? 'built' : stopped ? 'stopped for memory' : 'failed',
		household_rows: snapshot?.manifest.tables.households?.rows ?? null,
		stages,
		wall_s: wall,
		cpu_s: cpu.every(Boolean) ? Number(cpu[0]) + Number(cpu[1]) : null,
		peak_rss_mb: peak ? Math.round(Number(peak) / 1024) : null,
		snapshot_bytes: snapshot ? dirBytes(snapshot.dir) : null,
		tables,
		min_available_mb: Math.round(minAvailable),
		load_average: [loadStart, load1()],
		cold: null,
		...(snapshot ? {} : { error: output.split('\n').filter((l) => /error|exception/i.test(l)).slice(0, 3).join(' | ') || `exit code ${code}` })
	};
}

/** The built server on a snapshot: start-up time, then every national village key of the register indicators asked once. */
async function coldValues(dataDir: string): Promise<ColdFigures> {
	const loadStart = load1();
	const stateDir = path.join(dataDir, 'state');
	const cookie = await benchSession(stateDir);
	const snapshot = currentSnapshot(dataDir);
	if (!snapshot) throw new Error(`no snapshot in ${dataDir}`);
	const db = await SnapshotDatabase.open(snapshot.dir);
	const t0 = performance.now();
	const server = await startServer({ dataDir, env: { TEPAT_STATE_DIR: stateDir }, timeoutMs: 900_000 });
	const ready = (performance.now() - t0) / 1000;
	const pid = childPid([buildDir]);
	const http = new HttpClient(server.url, { cookie });
	try {
		const keys: ColdWarmKey[] = CATALOGUE.filter((e) => e.kind === 'register').flatMap((e) =>
			snapshot.manifest.periods.flatMap((p) =>
				['1', '0'].map((names) => ({
					path: `/api/v1/values?${new URLSearchParams({ indicator: e.id, region: 'ID', level: 'village', period: String(p), ...(names === '0' ? { names } : {}) })}`,
					...valueColumnQuery(e, 'ID', 'village', p)
				}))
			)
		);
		const rows = await db.count(keys[0]!.sql, keys[0]!.params);
		const values = await coldWarm(http, db, pid, { kind: 'values', query: 'Indonesia (ID) villages', scope: 'national', subject: 'register indicators', rows, keys });
		return { load_average: [loadStart, load1()], server_ready_s: ready, server_peak_rss_mb: processMemory(pid).peak_rss_mb, values };
	} finally {
		http.close();
		await server.stop();
		db.close();
	}
}

const fmt = (l: { p50: number; p95: number }) => `${l.p50.toFixed(0)}/${l.p95.toFixed(0)}`;
const coldLine = (c: ColdFigures) =>
	`Cold national values (${c.values.keys} keys, ${c.values.rows} villages): p50/p95 ${fmt(c.values.cold)} ms, engine ${fmt(c.values.engine)} ms; server ready in ${c.server_ready_s.toFixed(0)} s, peak ${c.server_peak_rss_mb} MiB; load ${c.load_average.map((l) => l.toFixed(1)).join(' → ')}`;
function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

if (!opts['skip-build'] && !opts['cold-only']) {
	console.log('Building the app (npx vite build) …');
	await runCommand('npx', ['vite', 'build'], { cwd: root, quiet: true });
}
const date = new Date().toISOString().slice(0, 10);
const out = path.join(root, 'bench/results', `${date}-dtsen.json`);
// Sizes measured earlier the same day stay in the file, so a growth curve can be taken in several sittings.
const earlier = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: Run[] }).runs : [];
const result = { date, cores: os.availableParallelism(), memory_gb: Math.round(os.totalmem() / 2 ** 30), runs: earlier.filter((r) => !sizes.includes(r.households)) };
const save = () => {
	result.runs.sort((a, b) => a.households - b.households);
	fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
};
for (const households of sizes) {
	const dataDir = path.join(root, 'data/bench-dtsen', String(households));
	if (opts['cold-only']) {
		const run = earlier.find((r) => r.households === households) ?? fail(`no earlier run of ${households} households in ${out}`);
		run.cold = await coldValues(dataDir);
		result.runs.push(run);
		console.log(coldLine(run.cold));
		save();
		continue;
	}
	fs.rmSync(dataDir, { recursive: true, force: true });
	console.log(`\n${households.toLocaleString('en')} households (periods ${opts.periods}), load average ${load1().toFixed(1)} …`);
	const run = await build(households, dataDir);
	result.runs.push(run);
	console.log(
		`${households}: ${run.status} in ${run.wall_s.toFixed(0)} s (CPU ${run.cpu_s?.toFixed(0) ?? '–'} s), peak ${run.peak_rss_mb ?? '–'} MiB, snapshot ${((run.snapshot_bytes ?? 0) / 2 ** 30).toFixed(2)} GiB, load ${run.load_average.map((l) => l.toFixed(1)).join(' → ')}`
	);
	if (run.status === 'built') {
		run.cold = await coldValues(dataDir);
		console.log(coldLine(run.cold));
	}
	save();
	if (!opts.keep) fs.rmSync(dataDir, { recursive: true, force: true });
	if (run.status !== 'built') break;
}
console.log(`Wrote ${path.relative(root, out)}`);
process.exit(0);
