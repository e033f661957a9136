/**
 * `npx tsx scripts/soak.ts`: the bench's soak on its own, to see what the server's memory does under
 * a long run of the public mixes. Starts `node build` (run `npm run build` first) as `npm start` does,
 * with the memory log (scripts/soak-memlog.mjs), drives autocannon and prints RSS, JS heap in use and
 * held, external and ArrayBuffer memory. The server inherits this process's environment, so allocator
 * settings (`MALLOC_ARENA_MAX=2`) and NODE_OPTIONS reach it; NODE_OPTIONS=--max-old-space-size=4096
 * measures without `npm start`'s heap cap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startServer } from '../tests/e2e/harness';
import { PUBLIC_MIXES, errorText, serverEnv, soak } from '../bench/load';
import { childPid } from '../bench/system';
import { commandLine, readablePath } from './cli';

const usage = `Usage: npx tsx scripts/soak.ts [options]
  --seconds N       soak duration (default 60)
  --connections N   concurrent connections (default 50)
  --mix NAME        pages, api or both (default both, as in the bench)
  --every N         print one row per N seconds (default 10)
  --data-dir DIR    snapshot directory (default data/), only read
  --warm PATH       request PATH once before the soak (repeatable), e.g. the national village
                    values the bench reads before its soak, which then stay remembered
  --attach URL,PID,MEMLOG  soak a server already running (started by hand with other flags and the
                    memory log) instead of starting one`;

const { values: opts } = commandLine({
	options: {
		seconds: { type: 'string', default: '60' },
		connections: { type: 'string', default: '50' },
		mix: { type: 'string', default: 'both' },
		every: { type: 'string', default: '10' },
		'data-dir': { type: 'string' },
		attach: { type: 'string' },
		warm: { type: 'string', multiple: true, default: [] }
	}
}, usage);
const mixes = { pages: PUBLIC_MIXES.pages, api: PUBLIC_MIXES.api, both: [...PUBLIC_MIXES.api, ...PUBLIC_MIXES.pages] };
if (!(opts.mix in mixes)) throw new Error(`--mix takes pages, api or both (got ${opts.mix})`);
const paths = mixes[opts.mix as keyof typeof mixes];

async function run(url: string, pid: number, memlog: string) {
	for (const p of opts.warm) {
		const res = await fetch(url + p);
		console.log(`warm ${p}: HTTP ${res.status}, ${(await res.arrayBuffer()).byteLength} bytes`);
	}
	const s = await soak(url, paths, pid, Number(opts.connections), Number(opts.seconds), memlog);
	const every = Number(opts.every);
	console.log('     s    rss heapUsed heapTotal external arrayBuffers (MiB)');
	s.samples.forEach((m, i) => {
		if (i % every === 0 || i === s.samples.length - 1) console.log([i, m.rss_mb, m.heap_used_mb, m.heap_total_mb, m.external_mb, m.array_buffers_mb].map((x) => String(x ?? '–').padStart(6)).join(' '));
	});
	console.log(
		`${opts.mix}, ${s.load.connections} connections, ${s.load.seconds} s: ${Math.round(s.load.requests_per_s)} req/s, errors ${errorText(s.load)};` +
			` RSS ${s.rss_start_mb} → max ${s.rss_max_mb} → ${s.rss_end_mb} MiB, growth ${s.growth_mb.toFixed(1)} MiB, heap growth ${s.heap_growth_mb?.toFixed(1) ?? '–'} MiB`
	);
}

if (opts.attach) {
	const [url, pid, memlog] = opts.attach.split(',');
	if (!url || !pid || !memlog) throw new Error('--attach takes URL,PID,MEMLOG');
	await run(url, Number(pid), memlog);
} else {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-soak-'));
	const memlog = path.join(tmp, 'memory.json');
	const server = await startServer({
		dataDir: opts['data-dir'] ? path.resolve(readablePath(opts['data-dir'], 'dir')) : path.join(repoRoot, 'data'),
		env: { TEPAT_STATE_DIR: path.join(tmp, 'state'), ...serverEnv(memlog) },
		timeoutMs: 180_000
	});
	try {
		await run(server.url, childPid(['build']), memlog);
	} finally {
		await server.stop();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}
