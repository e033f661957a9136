import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import type { SnapshotDatabase } from '../src/lib/server/db';

export interface Machine {
	cpu: string;
	cores: number;
	memory_gb: number;
	os: string;
	node: string;
	duckdb: string;
	duckdb_node_api: string;
}

export async function machineInfo(db: SnapshotDatabase): Promise<Machine> {
	const [row] = await db.query<{ v: string }>('SELECT version() AS v');
	const pkg = createRequire(import.meta.url)('@duckdb/node-api/package.json') as { version: string };
	return {
		cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
		cores: os.availableParallelism(),
		memory_gb: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()}`,
		node: process.version,
		duckdb: row?.v ?? 'unknown',
		duckdb_node_api: pkg.version
	};
}

export interface ProcessMemory {
	/** Peak resident set size (VmHWM) in MiB. */
	peak_rss_mb: number;
	rss_mb: number;
}

/** Reads a process's current and peak resident memory from /proc (Linux only). */
export function processMemory(pid: number): ProcessMemory {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string) => {
		const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
		if (!m?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
		return Number(m[1]) / 1024;
	};
	return { peak_rss_mb: Math.round(kib('VmHWM')), rss_mb: Math.round(kib('VmRSS')) };
}

/**
 * CPU time a process has used so far, all its threads together, in milliseconds (from each thread's
 * /proc schedstat, nanosecond resolution): what a request cost in work, whatever else the cores were doing.
 */
export function processCpuMs(pid: number | 'self' = 'self'): number {
	let ns = 0;
	for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
		try {
			ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			// the thread ended while we looked
		}
	}
	return ns / 1e6;
}

/** The pid of this process's child whose command line is exactly `args` (e.g. `node build`). */
export function childPid(args: readonly string[]): number {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// Field 4 of /proc/<pid>/stat is the parent pid; the command name before it may contain spaces.
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid !== process.pid) continue;
			const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
			if (cmd.slice(1).join(' ') === args.join(' ')) return Number(entry);
		} catch {
			// the process ended while we looked
		}
	}
	throw new Error(`no child process running ${args.join(' ')}`);
}

/** Runs a command to completion; `quiet` keeps its output unless it fails. */
export function runCommand(
	cmd: string,
	args: string[],
	opts: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean }
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: opts.quiet ? 'pipe' : 'inherit' });
		let output = '';
		const keep = (chunk: Buffer) => {
			output = (output + chunk.toString('utf8')).slice(-20_000);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${output}`))
		);
	});
}
