import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './paraglide.config';

export default defineConfig({
	// Tests run server modules and the built app, not the dev pipeline, whose watchers keep Vitest from exiting.
	plugins: process.env.VITEST
		? []
		: [
				paraglideVitePlugin(paraglideOptions),
				sveltekit()
			],
	resolve: process.env.VITEST ? { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } } : {},
	optimizeDeps: { include: ['echarts', 'maplibre-gl'] },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'demo/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 300_000,
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 300_000,
					fileParallelism: false
				}
			}
		]
	}
});
