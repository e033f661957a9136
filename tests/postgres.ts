import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './e2e/harness';

/**
 * A throw-away PostgreSQL cluster for tests and the bench's comparisons: `initdb` in a temp folder, `pg_ctl start` on a
 * loopback port, trust auth for one superuser, fsync off. Debian's `postgresql` package provides the
 * binaries (`apt-get install -y postgresql`); the server refuses to run as root, so when this
 * process is root the cluster is created and run as the `postgres` system user.
 */
export interface PgCluster {
	client: pg.Client;
	version: string;
	/** Connection URL of a database in the cluster (`postgres` by default); trust auth, no password. */
	url(database?: string): string;
	/** Folder the server can read: CSV files for server-side COPY go here. */
	dir: string;
	stop(): Promise<void>;
}

function binDir(): string {
	if (process.env.TEPAT_PG_BIN) return process.env.TEPAT_PG_BIN;
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
	const found = versions.map((v) => path.join(base, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'initdb')));
	if (!found) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set TEPAT_PG_BIN)');
	return found;
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): string {
	const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * PostgreSQL names for the two DuckDB types the schema uses that PostgreSQL lacks, so the same DDL
 * and the same `::DOUBLE` casts run on both engines.
 */
const DOMAINS = ['CREATE DOMAIN tinyint AS smallint', 'CREATE DOMAIN double AS double precision'];

/** Starts a cluster with PostgreSQL's defaults, or with `settings` (e.g. `analyticsSettings()`) on top. */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PgCluster> {
	const bin = binDir();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-pg-'));
	fs.chmodSync(dir, 0o755);
	if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const port = await freePort();
	const pgCtl = path.join(bin, 'pg_ctl');
	let started = false;
	try {
		run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'tepat', '-E', 'UTF8', '--locale=C', '-N']);
		const tuned = Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('');
		const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off${tuned}`;
		run(pgCtl, ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
		started = true;
		const client = new pg.Client({ host: '127.0.0.1', port, user: 'tepat', database: 'postgres' });
		await client.connect();
		for (const sql of DOMAINS) await client.query(sql);
		const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
		return {
			client,
			version: rows[0]?.v ?? 'unknown',
			url: (database = 'postgres') => `postgres://tepat@127.0.0.1:${port}/${database}`,
			dir,
			stop: async () => {
				await client.end();
				run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	} catch (err) {
		if (started) run(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
		fs.rmSync(dir, { recursive: true, force: true });
		throw err;
	}
}
