import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Accounts, sessions, login attempts and the audit log live in one SQLite file outside the
 * snapshot folders (`TEPAT_STATE_DIR`, default `state/`), so they survive restarts and new snapshots.
 */
export function stateDir(): string {
	return path.resolve(process.env.TEPAT_STATE_DIR ?? 'state');
}

const DDL = `
CREATE TABLE IF NOT EXISTS users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL,
	scope TEXT NOT NULL,
	agency TEXT,
	created TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	created INTEGER NOT NULL,
	last_seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
CREATE TABLE IF NOT EXISTS audit_log (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	action TEXT NOT NULL,
	filter TEXT NOT NULL,
	row_count INTEGER NOT NULL,
	purpose TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
	BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
	BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

export type Store = Database.Database;

/** Opens (and creates if needed) the state database at `file`. */
export function openStore(file: string): Store {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	db.exec(DDL);
	return db;
}

let shared: Store | null = null;

/** The process-wide state database. */
export function getStore(): Store {
	shared ??= openStore(path.join(stateDir(), 'tepat.sqlite'));
	return shared;
}
