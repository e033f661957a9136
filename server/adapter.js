// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import node from '@sveltejs/adapter-node';

/**
 * adapter-node with two repairs:
 *
 * - Its static file server, sirv, lists `build/client` at start and streams a listed file with no
 *   error handler: a file gone since (a rebuild under a running server, a deleted `.br`) raised an
 *   unhandled ENOENT that ended the process. sirv 3.0.2, the newest, still does; the copy that
 *   adapter-node bundles is patched while the adapter builds (nothing in node_modules changes) to
 *   open the file before answering and to answer 404 when it cannot. The build fails if the code
 *   to patch is not found, so an upgrade of the adapter is looked at rather than silently unpatched.
 * - `server/entry.js` becomes `build/index.js`, in front of adapter-node's own server, which moves
 *   to `build/node-server.js`: plain HTTP on localhost without ORIGIN (see the entry).
 *
 * @param {import('@sveltejs/adapter-node').AdapterOptions & { out: string }} options
 * @returns {import('@sveltejs/kit').Adapter}
 */
export default function adapter(options) {
	const base = node(options);
	return {
		...base,
		name: 'tepat-adapter-node',
		async adapt(builder) {
			const entries = path.resolve(builder.getBuildDirectory('adapter-node'), 'entries');
			await base.adapt({
				...builder,
				copy(from, to, opts) {
					const copied = builder.copy(from, to, opts);
					if (path.resolve(to) === entries) patchSirv(path.join(entries, 'chunks', 'vendor.js'));
					return copied;
				}
			});
			putEntryInFront(options.out);
		}
	};
}

const SIRV_SEND = '\tres.writeHead(code, headers);\n\tfs.createReadStream(file, opts).pipe(res);\n';
const SIRV_SEND_REPAIRED = `	// Tepat (server/adapter.js): answer once the file is open, 404 if it is gone.
	const stream = fs.createReadStream(file, opts);
	res.once('close', () => stream.destroy());
	stream.once('open', () => {
		res.writeHead(code, headers);
		stream.pipe(res);
	});
	stream.once('error', () => {
		if (res.headersSent) return void res.destroy();
		for (const name of res.getHeaderNames()) res.removeHeader(name);
		res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
		res.end('Tidak ditemukan / Not found');
	});
`;

/** @param {string} vendor */
function patchSirv(vendor) {
	const code = fs.readFileSync(vendor, 'utf8');
	if (code.split(SIRV_SEND).length !== 2) {
		throw new Error(`server/adapter.js: sirv's send() in ${vendor} is not the one this patch repairs; check whether adapter-node's sirv still crashes on a missing file, then update or drop the patch`);
	}
	fs.writeFileSync(vendor, code.replace(SIRV_SEND, SIRV_SEND_REPAIRED));
}

/** @param {string} out */
function putEntryInFront(out) {
	const index = path.join(out, 'index.js');
	const moved = path.join(out, 'node-server.js');
	const code = fs.readFileSync(index, 'utf8').replace(/\/\/# sourceMappingURL=index\.js\.map\s*$/, '//# sourceMappingURL=node-server.js.map\n');
	fs.writeFileSync(moved, code);
	fs.renameSync(`${index}.map`, `${moved}.map`);
	fs.copyFileSync(fileURLToPath(new URL('./entry.js', import.meta.url)), index);
}
