import http from 'node:http';
import { gunzipSync } from 'node:zlib';

/**
 * A keep-alive GET that reads the whole body: the client cost per request stays small and
 * constant, so the API figures measure the server, not connection set-up. It takes gzip as a
 * browser does; `timed` stops its clock at the last byte and inflates after it, as a browser
 * inflates while the bytes arrive.
 */
export class HttpClient {
	private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

	constructor(
		private readonly base: string,
		private readonly headers: Record<string, string> = {}
	) {}

	async get(path: string): Promise<Buffer> {
		return (await this.timed(path)).body;
	}

	/** The body (inflated), the time to its last byte, and the bytes that came over the wire. */
	async timed(path: string): Promise<{ body: Buffer; ms: number; wire: number }> {
		try {
			return await this.once(path);
		} catch (err) {
			// The server closes a keep-alive socket idle for 5 s (while the direct and PostgreSQL figures
			// run); a request that raced that close is sent again once on a new socket.
			if ((err as { reused?: boolean }).reused) return this.once(path);
			throw err;
		}
	}

	private once(path: string): Promise<{ body: Buffer; ms: number; wire: number }> {
		const t0 = performance.now();
		return new Promise((resolve, reject) => {
			const req = http.get(this.base + path, { agent: this.agent, headers: { ...this.headers, 'accept-encoding': 'gzip' } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const ms = performance.now() - t0;
					const raw = Buffer.concat(chunks);
					const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
					if (res.statusCode === 200) resolve({ body, ms, wire: raw.byteLength });
					else reject(new Error(`GET ${path}: HTTP ${res.statusCode} ${body.toString('utf8', 0, 500)}`));
				});
				res.on('error', reject);
			});
			req.on('error', (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reused: req.reusedSocket && err.code === 'ECONNRESET' })));
		});
	}

	close() {
		this.agent.destroy();
	}
}
