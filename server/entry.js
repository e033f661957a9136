// @ts-check
/**
 * Tepat's server entry: `build/index.js` (copied there by server/adapter.js), which `npm start`
 * and `node build` run. It starts adapter-node's server (`build/node-server.js`) and, when no
 * origin is configured, makes plain HTTP on localhost work.
 *
 * Without ORIGIN, adapter-node takes every request for `https://<Host header>`, so over plain HTTP
 * SvelteKit refused the sign-in form as a cross-site POST. When neither ORIGIN nor a proxy's
 * PROTOCOL_HEADER / HOST_HEADER is set, a request that arrives over a loopback connection for a
 * loopback host name (localhost, 127.x.x.x, [::1]) is taken as the `http://` request it is. Any
 * other request keeps adapter-node's `https://`, and the start-up line says what to set. The
 * cross-site check itself is unchanged: the browser's Origin must equal the request's origin.
 */
import process from 'node:process';

/** Set by this entry only; a client sending it has it removed. */
const SCHEME_HEADER = 'x-tepat-loopback-scheme';
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

/** @param {string | undefined} address */
const loopbackAddress = (address = '') => address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

const { ORIGIN, PROTOCOL_HEADER, HOST_HEADER, HOST = '0.0.0.0', PORT = '3000', SOCKET_PATH } = process.env;
const loopbackHttp = !ORIGIN && !PROTOCOL_HEADER && !HOST_HEADER && !SOCKET_PATH;
if (loopbackHttp) process.env.PROTOCOL_HEADER = SCHEME_HEADER;

/** @type {{ server: { server: import('node:http').Server } }} */
const { server } = await import(new URL('./node-server.js', import.meta.url).href);

if (loopbackHttp) {
	// Ahead of adapter-node's handler, which reads the header to build the request's URL.
	server.server.prependListener('request', (req) => {
		delete req.headers[SCHEME_HEADER];
		if (loopbackAddress(req.socket.remoteAddress) && LOOPBACK_HOST.test(req.headers.host ?? '')) req.headers[SCHEME_HEADER] = 'http';
	});
	if (LOOPBACK_HOST.test(HOST)) console.log(`ORIGIN is not set: serving http://localhost:${PORT} to this machine only.`);
	else console.warn(`ORIGIN is not set: sign-in works only at http://localhost:${PORT} on this machine. For other machines set ORIGIN to the address they open, e.g. ORIGIN=https://tepat.example.go.id npm start (or ORIGIN=http://<this host>:${PORT} without TLS).`);
}
