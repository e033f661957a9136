import { ALL_TABLES } from './schema';

export const BEGIN = '<!-- tables:begin (generated from src/lib/server/snapshot/schema.ts by `npm run docs`) -->';
export const END = '<!-- tables:end -->';

/** The table reference in docs/data-model.md, generated so that it cannot drift from the schema. */
export function tablesMarkdown(): string {
	return ALL_TABLES.map((t) => {
		const cols = Object.entries(t.columns)
			.map(([name, type]) => `| \`${name}\` | ${type.replace(' NOT NULL', '')} | ${type.includes('NOT NULL') ? 'yes' : ''} |`)
			.join('\n');
		const access = t.personal ? 'household-level, restricted (never read by public code paths)' : 'aggregate or reference data';
		return `### \`${t.name}.parquet\`\n\n${t.purpose}\n\nOrder: \`${t.orderBy}\` · ${access}\n\n| column | type | required |\n|---|---|---|\n${cols}\n`;
	}).join('\n');
}

export function replaceTables(doc: string): string {
	const start = doc.indexOf(BEGIN);
	const end = doc.indexOf(END);
	if (start < 0 || end < start) throw new Error('docs/data-model.md lacks the generated-tables markers');
	return `${doc.slice(0, start + BEGIN.length)}\n\n${tablesMarkdown()}\n${doc.slice(end)}`;
}
