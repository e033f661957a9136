/**
 * `npm run import -- <kind> <file> [--register dtks] [--by name] [--replace] [--check] [--wait s]`: validates, pseudonymises and
 * publishes one file (`--check`: stop after the whole-file check). `npm run import -- docs` regenerates docs/import.md's reference.
 */
import fs from 'node:fs';
import { dataDir } from '../src/lib/server/config';
import { ImportError, KINDS, importFile, type Summary } from '../src/lib/server/importer';
import { withReference } from '../src/lib/server/importer/reference';
import { commandLine } from './cli';

const usage = `usage: npm run import -- <${KINDS.join('|')}> <file.csv|.xlsx|.parquet> [--register dtks|p3ke|dtsen|krs] [--by name] [--replace] [--check] [--wait seconds]
       npm run import -- docs`;

const { values, positionals } = commandLine({
	allowPositionals: true,
	options: { register: { type: 'string' }, by: { type: 'string' }, replace: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, keep: { type: 'string', default: '5' }, wait: { type: 'string' } }
}, usage);
const [kind, file] = positionals;
if (kind === 'docs') {
	fs.writeFileSync('docs/import.md', withReference(fs.readFileSync('docs/import.md', 'utf8')));
	console.log('docs/import.md: reference regenerated');
	process.exit(0);
}
if (!kind || !file) {
	console.error(usage);
	process.exit(2);
}
const wait = values.wait === undefined ? undefined : Number(values.wait);
if (wait !== undefined && !(wait >= 0)) {
	console.error(`--wait takes seconds, 0 or more / --wait berisi detik, 0 atau lebih (got ${values.wait})\n\n${usage}`);
	process.exit(2);
}

function printSummary(s: Summary) {
	console.log(`Pemeriksaan berkas / whole-file check: ${s.file} (sha256 ${s.sha256.slice(0, 16)}…)`);
	console.log(`  rows: ${s.rows}`);
	for (const p of s.periods) console.log(`  period ${p.period}: ${p.rows} rows`);
	for (const [k, v] of Object.entries(s.totals)) console.log(`  total ${k}: ${v}`);
	console.log(`  table ${s.table.name}: ${s.table.before} → ${s.table.after} rows`);
	for (const l of s.linking) console.log(`  linked to ${l.register} ${l.period}: ${l.matched}/${l.households} (${(l.rate * 100).toFixed(1)}%)`);
}

try {
	const result = await importFile({
		kind,
		file,
		register: values.register,
		by: values.by,
		replace: values.replace,
		dryRun: values.check,
		keep: Number(values.keep),
		lockWaitMs: wait === undefined ? undefined : wait * 1000,
		root: dataDir(),
		onStage: (s) => console.log(`stage: ${s}`),
		onSummary: printSummary
	});
	if (result.outcome === 'unchanged') console.log(`Tidak berubah / unchanged: this file is already in snapshot ${result.snapshot}`);
	if (result.outcome === 'checked') console.log('Lolos pemeriksaan / checks passed: nothing was published (run again without --check to publish)');
	if (result.outcome === 'published') console.log(`Dipublikasikan / published: snapshot ${result.snapshot}`);
	if (result.outcome === 'rejected') {
		console.error(`Ditolak / rejected: ${result.problemCount} problem(s); nothing was published.`);
		for (const p of result.problems.slice(0, 50)) console.error(`  ${p.file} row ${p.row} column ${p.column}: ${p.code} — ${p.message.id} / ${p.message.en}`);
		console.error(`Rejects file: ${result.rejectsFile}`);
		process.exit(1);
	}
} catch (err) {
	if (err instanceof ImportError) {
		console.error(err.bilingual);
		process.exit(2);
	}
	throw err;
}
