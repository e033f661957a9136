import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ImportError } from './messages';

export interface HmacKey {
	/** HMAC inner and outer pads as hex, so DuckDB can compute HMAC-SHA-256 over a whole column. */
	ipadHex: string;
	opadHex: string;
	/** A fingerprint that names the key without revealing it (HMAC of a fixed label). */
	id: string;
}

const BLOCK = 64;

/** The pseudonymisation key, from TEPAT_HMAC_KEY or the file named by TEPAT_HMAC_KEY_FILE (never inside `root`). */
export function loadHmacKey(root: string, env: NodeJS.ProcessEnv = process.env): HmacKey {
	let secret: Buffer | null = null;
	if (env.TEPAT_HMAC_KEY_FILE) {
		const file = path.resolve(env.TEPAT_HMAC_KEY_FILE);
		const rel = path.relative(fs.realpathSync(root), fs.realpathSync(file));
		if (!rel.startsWith('..') && !path.isAbsolute(rel)) throw new ImportError('HMAC_KEY_IN_DATA');
		secret = Buffer.from(fs.readFileSync(file, 'utf8').trim());
	} else if (env.TEPAT_HMAC_KEY) {
		secret = Buffer.from(env.TEPAT_HMAC_KEY);
	}
	if (!secret || secret.length < 32) throw new ImportError('HMAC_KEY_MISSING');
	const k = Buffer.alloc(BLOCK);
	(secret.length > BLOCK ? crypto.createHash('sha256').update(secret).digest() : secret).copy(k);
	return {
		ipadHex: Buffer.from(k.map((b) => b ^ 0x36)).toString('hex'),
		opadHex: Buffer.from(k.map((b) => b ^ 0x5c)).toString('hex'),
		id: crypto.createHmac('sha256', secret).update('tepat-key-id').digest('hex').slice(0, 16)
	};
}

/**
 * For `npm run demo` only: when neither TEPAT_HMAC_KEY nor TEPAT_HMAC_KEY_FILE is set, a random key in
 * `<state folder>/hmac.key` (folder 0700, file 0600, created once and reused), so a newcomer can try
 * the import. Returns the file, or null when a key is configured. A real deployment sets its own key.
 */
export function ensureLocalKeyFile(state: string, env: NodeJS.ProcessEnv = process.env): string | null {
	if (env.TEPAT_HMAC_KEY || env.TEPAT_HMAC_KEY_FILE) return null;
	const file = path.join(state, 'hmac.key');
	fs.mkdirSync(state, { recursive: true, mode: 0o700 });
	try {
		fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
	}
	// An older copy with wider permissions is tightened.
	fs.chmodSync(file, 0o600);
	return file;
}

/** Puts the pads into a one-row temp table, so the hashing SQL stays constant and the key is a bound value. */
export async function installHmacKey(conn: DuckDBConnection, key: HmacKey): Promise<void> {
	await conn.run('CREATE OR REPLACE TEMP TABLE hmac_pads AS SELECT unhex($1) AS ipad, unhex($2) AS opad', [key.ipadHex, key.opadHex]);
}

/** HMAC-SHA-256 of a VARCHAR column as a DuckDB expression (RFC 2104 from two sha256 calls). */
export function hmacSql(column: string): string {
	return `sha256((SELECT opad FROM hmac_pads) || unhex(sha256((SELECT ipad FROM hmac_pads) || encode(${column}))))`;
}
