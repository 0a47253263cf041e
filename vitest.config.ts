import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { SWC_JSC } from './scripts/build/swc-options.js';

// SWC, not esbuild: Nest's DI and class-validator need emitted decorator metadata; the same
// options as the build the services run from.
const swcPlugin = () => swc.vite({ jsc: SWC_JSC });

const shared = {
  plugins: [swcPlugin()],
  resolve: { tsconfigPaths: true },
};

export default defineConfig({
  ...shared,
  test: {
    setupFiles: ['reflect-metadata'],
    globalSetup: ['scripts/build/build.global-setup.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/.data/**'],
    projects: [
      {
        ...shared,
        test: { name: 'unit', include: ['{apps,libs,scripts,test}/**/*.spec.ts'], setupFiles: ['reflect-metadata'] },
      },
      {
        ...shared,
        test: {
          name: 'int',
          include: ['{apps,libs,scripts,test}/**/*.int-spec.ts'],
          setupFiles: ['reflect-metadata'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['{apps,libs,scripts,test}/**/*.e2e-spec.ts'],
          setupFiles: ['reflect-metadata'],
          // One whole system at a time (six services, each with its pools), beside the unit and
          // integration files: two at once came near PostgreSQL's default 100 connections.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
