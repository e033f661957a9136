/**
 * `npm run import -- <kind> <file> [--register dtks] [--replace-scope 64.02] [--confirm-removal 64.02] [--check] …`:
 * validates, pseudonymises and publishes one file (`--check`: stop after the whole-file check). The command line
 * imports nationally. `npm run import -- docs` regenerates docs/import.md's reference.
 */
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { dataDir } from '../src/lib/server/config';
import { ImportError, KINDS, importFile, type MappingReport, type Summary } from '../src/lib/server/importer';
import { parseMethodChange } from '../src/lib/server/importer/methods';
import { withReference } from '../src/lib/server/importer/reference';
import { commandLine, readablePath } from './cli';

const usage = `usage: npm run import -- <${KINDS.join('|')}> <file.csv|.xlsx|.parquet> [--register dtks|p3ke|dtsen|krs] [--by name] [--replace]
         [--replace-scope CODE] [--confirm-removal CODE,CODE…] [--check] [--wait seconds]
         [--mapping file.json] [--profile NAME] [--save-profile NAME] [--method-change REGION:INDICATOR:YEAR]
       npm run import -- docs

  --mapping file.json       column mapping: {"columns": {"header in the file": "field" | "ignore"}, "constants": {"field": "value"}}
  --profile NAME            apply a saved mapping profile (without one, a saved profile that maps every header is used)
  --save-profile NAME       save the mapping used as a profile once every header is mapped
  --method-change R:I:Y     declare a method change of region R's indicator I from year Y (e.g. 64.02:poverty_rate:2024);
                            without it, figures whose method wording differs keep their series' method (asked in the check)

  --replace-scope CODE      replace the register (or table) in this whole region (ID, 64, 64.02, 64.02.13) for the
                            file's periods; without it only the villages × periods (or keys) in the file are replaced
  --confirm-removal CODES   confirm by name each region where the publish removes more than 10 % of a register's rows`;

const { values, positionals } = commandLine({
	allowPositionals: true,
	options: {
		register: { type: 'string' },
		by: { type: 'string' },
		replace: { type: 'boolean', default: false },
		check: { type: 'boolean', default: false },
		keep: { type: 'string', default: '5' },
		wait: { type: 'string' },
		'replace-scope': { type: 'string' },
		'confirm-removal': { type: 'string', multiple: true, default: [] },
		mapping: { type: 'string' },
		profile: { type: 'string' },
		'save-profile': { type: 'string' },
		'method-change': { type: 'string', multiple: true, default: [] }
	}
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
readablePath(file, 'file');
if (values.mapping) readablePath(values.mapping, 'file');
const wait = values.wait === undefined ? undefined : Number(values.wait);
if (wait !== undefined && !(wait >= 0)) {
	console.error(`--wait takes seconds, 0 or more / --wait berisi detik, 0 atau lebih (got ${values.wait})\n\n${usage}`);
	process.exit(2);
}

/** The mapping file as JSON; a file that is not JSON is BAD_MAPPING (its content is never echoed). */
function readMappingFile(file: string): unknown {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		throw new ImportError('BAD_MAPPING', 'JSON');
	}
}

/** Test hook for the fault tests: TEPAT_KILL_AT_STAGE=build:200 kill -9s this process 200 ms into stage `build` (`publish`: at once). */
function killAtStage(stage: string) {
	const [at, delay] = (process.env.TEPAT_KILL_AT_STAGE ?? '').split(':');
	if (at !== stage) return;
	if (delay) setTimeout(() => process.kill(process.pid, 'SIGKILL'), Number(delay));
	else process.kill(process.pid, 'SIGKILL');
}

function printMapping(m: MappingReport) {
	console.log(`Pemetaan kolom / column mapping${m.profile ? ` (profil / profile "${m.profile}")` : ''}:`);
	for (const c of m.columns) {
		const target = c.via === 'none' ? '?' : c.target;
		const hint = (c.via === 'none' || c.via === 'suggested') && c.suggestions.length ? ` — terdekat / closest: ${c.suggestions.join(', ')}` : '';
		console.log(`  ${c.header} → ${target} (${c.via})${hint}`);
	}
	for (const d of m.derived) console.log(`  ${d.field} ← ${d.from.join(' + ')} (derived)`);
	for (const [field, value] of Object.entries(m.constants)) console.log(`  ${field} = ${value} (constant)`);
}

function printQuestions(s: Summary) {
	for (const q of s.questions) {
		const periods = q.periods.join(', ');
		if (q.declared !== null) console.log(`  metode baru / new method for ${q.region} ${q.indicator} from ${q.declared}: "${q.file}" (was "${q.stored}")`);
		else {
			console.log(`  PERTANYAAN / QUESTION: ${q.region} ${q.indicator} ${periods}: the file says "${q.file}", the series says "${q.stored}".`);
			console.log(`    Metode sama? Angka disimpan dengan metode seri / Same method? The figures keep the series' method ("${q.stored}").`);
			console.log(`    Perubahan metode nyata? / A real method change? Run again with --method-change ${q.region}:${q.indicator}:${q.periods[0]}`);
		}
	}
}

function printSummary(s: Summary) {
	console.log(`Pemeriksaan berkas / whole-file check: ${s.file} (sha256 ${s.sha256.slice(0, 16)}…)`);
	console.log(`  rows: ${s.rows}`);
	for (const p of s.periods) console.log(`  period ${p.period}: ${p.rows} rows`);
	for (const [k, v] of Object.entries(s.totals)) console.log(`  total ${k}: ${v}`);
	console.log(`  table ${s.table.name}: ${s.table.before} → ${s.table.after} rows`);
	for (const l of s.linking) console.log(`  linked to ${l.register} ${l.period}: ${l.matched}/${l.households} (${(l.rate * 100).toFixed(1)}%)`);
	console.log(`  cakupan penggantian / replaces: ${s.replaceScope ? `everything in ${s.replaceScope} for the file's periods` : "only the file's villages × periods (or keys)"}`);
	for (const c of s.changes) {
		const share = c.before ? ` (${((100 * c.removed) / c.before).toFixed(1)}% removed)` : '';
		console.log(`  ${c.group} ${c.area} ${c.name}: ${c.before} → ${c.after} rows, ${c.removed} removed${share}`);
	}
	if (s.confirm.length) console.log(`  konfirmasi diperlukan / confirmation needed (over 10 % removed): --confirm-removal ${s.confirm.join(',')}`);
	printQuestions(s);
}

/** A progress bar on the terminal (cli-progress draws nothing when stderr is not one): stage, rows read, time left. */
const bar = new cliProgress.SingleBar(
	{ format: '{stage} |{bar}| {percentage}% · {rows} baris/rows · sisa/left {eta_formatted} · Ctrl-C membatalkan/cancels', etaBuffer: 20, hideCursor: true, clearOnComplete: true, stream: process.stderr },
	cliProgress.Presets.shades_classic
);
let barStarted = false;
const stopBar = () => {
	if (barStarted) bar.stop();
	barStarted = false;
};
const cancel = new AbortController();
process.on('SIGINT', () => {
	if (cancel.signal.aborted) process.exit(130);
	console.error('\nMembatalkan… tidak ada yang dipublikasikan / cancelling… nothing will be published');
	cancel.abort();
});

try {
	const result = await importFile({
		signal: cancel.signal,
		onProgress: (p) => {
			const payload = { stage: p.stage.padEnd(8), rows: p.rows.toLocaleString('id-ID') };
			if (!barStarted) bar.start(100, 0, payload);
			barStarted = true;
			bar.update(Math.round(p.fraction * 100), payload);
		},
		kind,
		file,
		register: values.register,
		by: values.by,
		replace: values.replace,
		dryRun: values.check,
		keep: Number(values.keep),
		lockWaitMs: wait === undefined ? undefined : wait * 1000,
		replaceScope: values['replace-scope'],
		confirmRemoval: values['confirm-removal'].flatMap((v) => v.split(',')).map((v) => v.trim()),
		mapping: values.mapping ? readMappingFile(values.mapping) : undefined,
		profile: values.profile,
		saveProfile: values['save-profile'],
		methodChanges: values['method-change'].flatMap((v) => v.split(',')).map((v) => parseMethodChange(v.trim())),
		root: dataDir(),
		onStage: (s) => {
			if (!process.stderr.isTTY) console.log(`stage: ${s}`);
			killAtStage(s);
		},
		onSummary: (summary) => {
			stopBar();
			printSummary(summary);
		}
	});
	stopBar();
	if (result.mapping) printMapping(result.mapping);
	if (result.savedProfile) console.log(`Profil disimpan / profile saved: "${result.savedProfile}"`);
	else if (values['save-profile']) console.log('Profil tidak disimpan: masih ada kolom tanpa pemetaan / profile not saved: some columns are still unmapped');
	if (result.outcome === 'unchanged') console.log(`Tidak berubah / unchanged: this file is already in snapshot ${result.snapshot}`);
	if (result.outcome === 'checked') console.log('Lolos pemeriksaan / checks passed: nothing was published (run again without --check to publish)');
	if (result.outcome === 'published') console.log(`Dipublikasikan / published: snapshot ${result.snapshot}`);
	if (result.outcome === 'unconfirmed') {
		const list = result.summary?.confirm.join(',') ?? '';
		console.error(`Tidak dipublikasikan / not published: over 10 % of a register's rows would go in ${list}; confirm with --confirm-removal ${list}`);
		process.exit(1);
	}
	if (result.outcome === 'rejected') {
		console.error(`Ditolak / rejected: ${result.problemCount} problem(s); nothing was published.`);
		for (const p of result.problems.slice(0, 50)) console.error(`  ${p.file} row ${p.row} column ${p.column}: ${p.code}${p.value === null ? '' : ` (${p.value})`} — ${p.message.id} / ${p.message.en}`);
		console.error(`Rejects file: ${result.rejectsFile}`);
		process.exit(1);
	}
} catch (err) {
	stopBar();
	if (err instanceof ImportError) {
		console.error(err.bilingual);
		process.exit(2);
	}
	throw err;
}
