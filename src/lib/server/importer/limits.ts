/**
 * What one import file may hold (checked in bounds.ts before parsing; the messages name them). An XLSX
 * file is parsed in this process, so its bounds are tight; CSV and Parquet are streamed by DuckDB,
 * which spills to disk, so theirs only stop runaway input.
 */
export const LIMITS = {
	xlsxBytes: 64 * 2 ** 20,
	xlsxUncompressed: 256 * 2 ** 20,
	xlsxRows: 500_000,
	xlsxParts: 1_000,
	columns: 200,
	tabularBytes: 8 * 2 ** 30,
	rows: 50_000_000
} as const;

export const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const gib = (bytes: number) => `${bytes / 2 ** 30} GiB`;
const count = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ');

/** The limits as the messages quote them. */
export const SHOWN = {
	xlsxBytes: mib(LIMITS.xlsxBytes),
	xlsxUncompressed: mib(LIMITS.xlsxUncompressed),
	xlsxRows: count(LIMITS.xlsxRows),
	columns: count(LIMITS.columns),
	tabularBytes: gib(LIMITS.tabularBytes),
	rows: count(LIMITS.rows)
};
