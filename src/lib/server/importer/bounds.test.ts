import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, emptyRoot, publishedDigest } from '../../../../tests/importer';

/**
 * Zip bombs dressed as XLSX: a small file whose worksheet inflates to hundreds of MB, once with a
 * central directory that says so and once with one that claims a few bytes. Each is imported by a
 * separate `npm run import` process whose peak RSS (VmHWM) is read while it runs.
 */
interface Part {
	name: string;
	data: Buffer;
	crc: number;
	size: number;
	/** What the central directory and local header claim (a lie when it differs from `size`). */
	declared?: number;
}

/** A stored/deflated zip written byte by byte: local headers, data, central directory, end record. */
function writeZip(file: string, parts: Part[]): void {
	const out: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const p of parts) {
		const name = Buffer.from(p.name);
		const declared = p.declared ?? p.size;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(p.crc, 14);
		local.writeUInt32LE(p.data.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		out.push(local, name, p.data);
		const c = Buffer.alloc(46);
		c.writeUInt32LE(0x02014b50, 0);
		c.writeUInt16LE(20, 4);
		c.writeUInt16LE(20, 6);
		c.writeUInt16LE(8, 10);
		c.writeUInt32LE(p.crc, 16);
		c.writeUInt32LE(p.data.length, 20);
		c.writeUInt32LE(declared, 24);
		c.writeUInt16LE(name.length, 28);
		c.writeUInt32LE(offset, 42);
		central.push(c, name);
		offset += 30 + name.length + p.data.length;
	}
	const cd = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	fs.writeFileSync(file, Buffer.concat([...out, cd, end]));
}

function part(name: string, text: string): Part {
	const data = Buffer.from(text);
	return { name, data: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
}

/** A worksheet of `mib` MiB: one header row, then the same row of 16 inline-string cells over and over. */
async function bombSheet(mib: number): Promise<Part> {
	const row = Buffer.from(`<row>${'<c t="inlineStr"><is><t>6402130101150001</t></is></c>'.repeat(16)}</row>`);
	const chunk = Buffer.concat(Array.from({ length: Math.ceil(2 ** 20 / row.length) }, () => row));
	const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>no_kk</t></is></c></row>');
	const tail = Buffer.from('</sheetData></worksheet>');
	const deflate = zlib.createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (b: Buffer) => out.push(b));
	const done = new Promise((r) => deflate.on('end', r));
	let crc = 0;
	let size = 0;
	for (const piece of [head, ...Array.from({ length: mib }, () => chunk), tail]) {
		crc = zlib.crc32(piece, crc);
		size += piece.length;
		if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
	}
	deflate.end();
	await done;
	return { name: 'xl/worksheets/sheet1.xml', data: Buffer.concat(out), crc, size };
}

function bombXlsx(file: string, sheet: Part): string {
	writeZip(file, [
		part('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
		part('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
		part('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DTKS" sheetId="1" r:id="rId1"/></sheets></workbook>'),
		part('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
		sheet
	]);
	return file;
}

/** `npm run import` on `file`; resolves with its exit code, output, seconds taken and peak RSS in MiB. */
function importMeasured(root: string, file: string): Promise<{ code: number | null; out: string; seconds: number; peakMb: number }> {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'households', file, '--register', 'dtks'], {
			env: { ...process.env, TEPAT_HMAC_KEY: KEY, TEPAT_DATA_DIR: root },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		let peak = 0;
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (out += c.toString()));
		const poll = setInterval(() => {
			try {
				const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
			} catch {
				// the process has just ended
			}
		}, 20);
		child.on('close', (code) => {
			clearInterval(poll);
			resolve({ code, out, seconds: (Date.now() - started) / 1000, peakMb: Math.round(peak) });
		});
	});
}

describe('an XLSX zip bomb is refused before it is parsed', () => {
	let root: string;
	let work: string;
	let sheet: Part;
	beforeAll(async () => {
		root = await emptyRoot();
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-bomb-'));
		sheet = await bombSheet(400);
	}, 120_000);
	afterAll(() => {
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('with a truthful central directory (400 MiB declared): refused at once, naming the limit, memory flat', async () => {
		const file = bombXlsx(path.join(work, 'bom-jujur.xlsx'), sheet);
		const before = publishedDigest(root);
		const r = await importMeasured(root, file);
		console.log(`bomb (truthful central directory, ${(fs.statSync(file).size / 1024).toFixed(0)} KB → ${Math.round(sheet.size / 2 ** 20)} MiB): exit ${r.code} in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb} MiB`);
		expect(r.code).toBe(2);
		expect(r.out).toMatch(/XLSX_UNCOMPRESSED_TOO_LARGE: Isi berkas XLSX setelah dibuka melebihi batas 256 MiB.* \/ The XLSX file's contents exceed the 256 MiB limit/);
		expect(r.out).not.toContain('    at ');
		expect(r.peakMb).toBeLessThan(400);
		expect(publishedDigest(root)).toBe(before);
	}, 120_000);

	it('with a lying central directory (claims 1 KB): refused as soon as inflating passes the claim, memory flat', async () => {
		const file = bombXlsx(path.join(work, 'bom-bohong.xlsx'), { ...sheet, declared: 1024 });
		const before = publishedDigest(root);
		const r = await importMeasured(root, file);
		console.log(`bomb (lying central directory, ${(fs.statSync(file).size / 1024).toFixed(0)} KB claims 1 KB, holds ${Math.round(sheet.size / 2 ** 20)} MiB): exit ${r.code} in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb} MiB`);
		expect(r.code).toBe(2);
		expect(r.out).toMatch(/XLSX_INCONSISTENT: .*tidak konsisten.* \/ The XLSX file’s zip structure is inconsistent/);
		expect(r.peakMb).toBeLessThan(400);
		expect(publishedDigest(root)).toBe(before);
	}, 120_000);

	it('a sheet of 600,000 short rows within the size limits is refused for its row count', async () => {
		const rows = '<row><c t="inlineStr"><is><t>1</t></is></c></row>'.repeat(600_000);
		const file = bombXlsx(path.join(work, 'banyak-baris.xlsx'), part('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`));
		const r = await importMeasured(root, file);
		expect(r.code).toBe(2);
		expect(r.out).toMatch(/XLSX_TOO_MANY_ROWS: Lembar XLSX berisi lebih dari 500 000 baris/);
	}, 120_000);
});
