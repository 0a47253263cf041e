/** Where the build puts the JavaScript of apps/, libs/ and scripts/ (git-ignored). */
export const OUT_DIR = 'dist';

/** The compiled file of a source file, both relative to the repository: `apps/x/src/main.ts` -> `dist/apps/x/src/main.js`. */
export const compiledPath = (source: string): string => `${OUT_DIR}/${source.replace(/\.ts$/, '.js')}`;

/** node's arguments to run a source entry point from its compiled output, stack traces pointing at the TypeScript. */
export const compiledEntry = (source: string): string[] => ['--enable-source-maps', compiledPath(source)];
