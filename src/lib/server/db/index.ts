/** The only place that opens DuckDB: one wrapper (database.ts), two views (views.ts), one snapshot lifecycle (served.ts). */
export { SnapshotDatabase, quoteLiteral, type Row } from './database';
export { getDatabase, getPublicDatabase, getSnapshot, snapshotHealth, type ServedSnapshot, type SnapshotHealth } from './served';
