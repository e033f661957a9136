/**
 * Helpers for browser tests: start the built app on a free port, launch Debian's Chromium through
 * playwright-core. Run `npm run build` (and have a snapshot in data/) first. The app is started from
 * `TEPAT_BUILD_DIR` when set (`npm test` builds into `build-test/`, away from a running demo), else `build/`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The built app the tests start: `npm test` sets TEPAT_BUILD_DIR to its own folder. */
export const buildDir = resolve(repoRoot, process.env.TEPAT_BUILD_DIR || 'build');

export interface ServerOptions {
	/** TEPAT_DATA_DIR for the server; defaults to `<repo>/data`. */
	dataDir?: string;
	/** Folder of the built app; defaults to `buildDir`. */
	build?: string;
	/** Sets ORIGIN to the server's URL (the default); `false` starts it without one, as a plain `npm start`. */
	origin?: boolean;
	env?: Record<string, string>;
	/** Readiness probe; answers 2xx once the app is up. */
	readyPath?: string;
	timeoutMs?: number;
}

export interface RunningServer {
	url: string;
	/** From the spawn until the first answer of the readiness request, and that answer's own time (ms). */
	startup: ServerStartup;
	/** The last few thousand characters the server wrote to stdout and stderr. */
	output(): string;
	stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
	const srv = createServer();
	srv.listen(0, '127.0.0.1');
	await once(srv, 'listening');
	const addr = srv.address();
	srv.close();
	await once(srv, 'close');
	if (addr === null || typeof addr === 'string') throw new Error('no port');
	return addr.port;
}

export interface ServerStartup {
	ready_ms: number;
	first_request_ms: number;
	first_request_path: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
	const { readyPath = '/api/v1/indicators', timeoutMs = 30_000 } = opts;
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		TEPAT_DATA_DIR: opts.dataDir ?? join(repoRoot, 'data'),
		// As `npm run demo` and a production server set it.
		ORIGIN: url,
		...opts.env
	};
	if (opts.origin === false) delete env.ORIGIN;
	const spawned = performance.now();
	const child = spawn(process.execPath, [opts.build ?? buildDir], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const keep = (chunk: string) => {
		output = (output + chunk).slice(-4_000);
	};
	child.stdout.setEncoding('utf8').on('data', keep);
	child.stderr.setEncoding('utf8').on('data', keep);
	let exited = false;
	const exit = once(child, 'exit').then(() => {
		exited = true;
	});

	const stop = async (): Promise<void> => {
		if (exited) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exit;
		clearTimeout(timer);
	};

	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (exited) throw new Error(`server exited with code ${child.exitCode} before it was ready\n${output}`);
		try {
			const asked = performance.now();
			const res = await fetch(url + readyPath, { signal: AbortSignal.timeout(5_000) });
			const body = await res.text();
			const answered = performance.now();
			if (res.ok) return { url, startup: { ready_ms: answered - spawned, first_request_ms: answered - asked, first_request_path: readyPath }, output: () => output, stop };
			last = `HTTP ${res.status}: ${body.slice(0, 300)}`;
		} catch (err) {
			last = String(err);
		}
		await sleep(200);
	}
	await stop();
	throw new Error(`server not ready at ${url}${readyPath} after ${timeoutMs} ms (${last})\noutput:\n${output}`);
}

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--enable-unsafe-swiftshader',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync',
			'--disable-quic'
		]
	});
}
