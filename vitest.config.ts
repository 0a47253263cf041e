import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC, not esbuild: Nest's DI and class-validator need emitted decorator metadata.
const swcPlugin = () =>
  swc.vite({
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  });

const shared = {
  plugins: [swcPlugin()],
  resolve: { tsconfigPaths: true },
};

export default defineConfig({
  ...shared,
  test: {
    setupFiles: ['reflect-metadata'],
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
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
