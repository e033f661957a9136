/** Paraglide compile options, shared by the Vite plugin and `scripts/i18n.ts` (used before type checks). */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'baseLocale'] as ('cookie' | 'baseLocale')[],
	// one stable layout in dev and build, so a concurrent type check never sees half a rewrite
	outputStructure: 'message-modules' as const,
	// generated code only; its README links to the web, which an offline app must not carry
	emitReadme: false,
	emitPrettierIgnore: false,
	emitGitIgnore: false
};
