import fs from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { LIMITS, mib } from './limits';
import { ImportError } from './messages';

/**
 * Limits checked before a file is parsed, so a small upload cannot make the server inflate gigabytes
 * (a zip bomb) or load a billion rows. An XLSX file is a zip: its central directory declares each
 * part's size, and the declared total is checked first; then every part is inflated once through
 * yauzl, which stops a part the moment it yields more than it declared (declared sizes can lie),
 * while the worksheets' rows are counted. The zip's local headers must match the central directory
 * entry for entry with no gap, since the spreadsheet parser reads them in order.
 */
const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_DIRECTORY = 0x02014b50;

const open = (file: string) =>
	new Promise<yauzl.ZipFile>((resolve, reject) =>
		yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) => (err ? reject(err) : resolve(zip)))
	);

async function entries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
	const list: yauzl.Entry[] = [];
	await new Promise<void>((resolve, reject) => {
		zip.on('entry', (e: yauzl.Entry) => {
			list.push(e);
			if (list.length > LIMITS.xlsxParts) reject(new ImportError('XLSX_INCONSISTENT', `> ${LIMITS.xlsxParts} parts`));
			else zip.readEntry();
		});
		zip.on('end', resolve);
		zip.on('error', reject);
		zip.readEntry();
	});
	return list;
}

const localHeader = (zip: yauzl.ZipFile, e: yauzl.Entry) =>
	new Promise<yauzl.LocalFileHeader>((resolve, reject) => zip.readLocalFileHeader(e, (err, h) => (err ? reject(err) : resolve(h))));

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
	const buf = Buffer.alloc(length);
	const { bytesRead } = await fd.read(buf, 0, length, position);
	return buf.subarray(0, bytesRead);
}

/** The parts follow one another from byte 0 to the central directory, each local header agreeing with its entry. */
async function checkLayout(file: string, zip: yauzl.ZipFile, list: yauzl.Entry[]): Promise<void> {
	const bad = (why: string) => new ImportError('XLSX_INCONSISTENT', why);
	const fd = await fs.promises.open(file, 'r');
	try {
		let pos = 0;
		for (const e of [...list].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader)) {
			if (e.relativeOffsetOfLocalHeader !== pos) throw bad('gap or overlap between parts');
			const h = await localHeader(zip, e);
			if ((await readAt(fd, pos, 4)).readUInt32LE(0) !== LOCAL_HEADER) throw bad('local header');
			if (h.fileName.toString('utf8') !== e.fileName || h.compressionMethod !== e.compressionMethod || ![0, 8].includes(e.compressionMethod)) throw bad('local header');
			const descriptor = (h.generalPurposeBitFlag & 8) !== 0;
			if ((!descriptor || h.compressedSize !== 0) && (h.compressedSize !== e.compressedSize || h.uncompressedSize !== e.uncompressedSize)) throw bad('sizes');
			pos = h.fileDataStart + e.compressedSize;
			if (descriptor) {
				const d = await readAt(fd, pos, 16);
				if (d.length < 16 || d.readUInt32LE(0) !== DATA_DESCRIPTOR || d.readUInt32LE(4) !== e.crc32 || d.readUInt32LE(8) !== e.compressedSize || d.readUInt32LE(12) !== e.uncompressedSize) throw bad('data descriptor');
				pos += 16;
			}
		}
		const next = await readAt(fd, pos, 4);
		if (next.length < 4 || next.readUInt32LE(0) !== CENTRAL_DIRECTORY) throw bad('data after the last part');
	} finally {
		await fd.close();
	}
}

const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const ROW = Buffer.from('<row');

/** `<row ` and `<row>` tags in a stream of XML chunks (a tag may straddle two chunks). */
function rowCounter() {
	let tail = Buffer.alloc(0);
	let rows = 0;
	return (chunk: Buffer) => {
		const buf = Buffer.concat([tail, chunk]);
		for (let i = buf.indexOf(ROW); i >= 0 && i + 4 < buf.length; i = buf.indexOf(ROW, i + 4)) {
			const after = buf[i + 4];
			if (after === 0x20 || after === 0x3e || after === 0x09 || after === 0x0a || after === 0x0d) rows++;
		}
		tail = buf.subarray(Math.max(0, buf.length - 4));
		return rows;
	};
}

/** Inflates every part once, counting bytes against the limit and rows in the worksheets. */
async function inflateAll(zip: yauzl.ZipFile, list: yauzl.Entry[]): Promise<void> {
	let total = 0;
	for (const e of list) {
		const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s))));
		const count = WORKSHEET.test(e.fileName) ? rowCounter() : null;
		try {
			for await (const chunk of stream as AsyncIterable<Buffer>) {
				total += chunk.length;
				if (total > LIMITS.xlsxUncompressed) throw new ImportError('XLSX_UNCOMPRESSED_TOO_LARGE', mib(total));
				if (count && count(chunk) > LIMITS.xlsxRows) throw new ImportError('XLSX_TOO_MANY_ROWS', `${e.fileName}: > ${LIMITS.xlsxRows}`);
			}
		} catch (err) {
			stream.destroy();
			if (err instanceof ImportError) throw err;
			// yauzl: "too many bytes in the stream" (a part inflates past its declared size) or a corrupt deflate stream.
			throw new ImportError('XLSX_INCONSISTENT', 'a part does not inflate to its declared size');
		}
	}
}

/** Refuses an XLSX file over a limit, or whose zip structure would let a parser see more than was checked. */
export async function checkXlsx(file: string): Promise<void> {
	const size = fs.statSync(file).size;
	if (size > LIMITS.xlsxBytes) throw new ImportError('XLSX_TOO_LARGE', mib(size));
	let zip: yauzl.ZipFile;
	try {
		zip = await open(file);
	} catch {
		throw new ImportError('FILE_UNREADABLE');
	}
	try {
		const list = await entries(zip);
		const declared = list.reduce((sum, e) => sum + e.uncompressedSize, 0);
		if (declared > LIMITS.xlsxUncompressed) throw new ImportError('XLSX_UNCOMPRESSED_TOO_LARGE', mib(declared));
		await checkLayout(file, zip, list);
		await inflateAll(zip, list);
	} catch (err) {
		throw err instanceof ImportError ? err : new ImportError('XLSX_INCONSISTENT', 'zip structure');
	} finally {
		zip.close();
	}
}

/** CSV and Parquet: the file's size before DuckDB reads it. */
export function checkTabularSize(file: string): void {
	const size = fs.statSync(file).size;
	if (size > LIMITS.tabularBytes) throw new ImportError('FILE_TOO_LARGE', mib(size));
}
