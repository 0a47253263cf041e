import { transformFile } from '@swc/core';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { compiledPath, OUT_DIR } from './compiled.js';
import { SWC_JSC } from './swc-options.js';

const SOURCE_DIRS = ['apps', 'libs', 'scripts'];
/** Tests run from the sources under vitest; only what runs as a process is compiled. */
const NOT_BUILT = /\.(spec|int-spec|e2e-spec|d)\.ts$/;

const filesUnder = (root: string, dir: string): string[] =>
  existsSync(join(root, dir)) ? (readdirSync(join(root, dir), { recursive: true }) as string[]).map((file) => join(dir, file)) : [];

/** A reader (a service starting while a test run builds again) sees the old file or the new one, never half of one. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/**
 * Compiles apps/, libs/ and scripts/ to dist/ with SWC, file by file as @swc-node/register does
 * at run time, so that services start with plain `node`. The `@switchboard/*` aliases of
 * tsconfig.base.json become relative imports, so nothing resolves them at run time. Outputs whose
 * source is gone are removed. Takes well under two seconds for the whole repository.
 */
export async function build(root = process.cwd()): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  const sources = SOURCE_DIRS.flatMap((dir) => filesUnder(root, dir)).filter((file) => file.endsWith('.ts') && !NOT_BUILT.test(file));
  await Promise.all(
    sources.map(async (source) => {
      const output = join(root, compiledPath(source));
      const { code, map } = await transformFile(join(root, source), {
        swcrc: false,
        configFile: false,
        jsc: { ...SWC_JSC, baseUrl: root, paths },
        module: { type: 'es6', resolveFully: true },
        sourceMaps: true,
        // The map points at the .ts beside it in the checkout (or image): no need to carry the source twice.
        inlineSourcesContent: false,
        sourceFileName: relative(dirname(output), join(root, source)),
        outputPath: output,
      });
      mkdirSync(dirname(output), { recursive: true });
      writeAtomically(`${output}.map`, map!);
      writeAtomically(output, `${code}\n//# sourceMappingURL=${basename(output)}.map\n`);
    }),
  );
  const expected = new Set(sources.map(compiledPath).flatMap((file) => [file, `${file}.map`]));
  for (const file of filesUnder(root, OUT_DIR)) {
    if (/\.js(\.map)?$/.test(file) && !expected.has(file)) rmSync(join(root, file));
  }
  return { files: sources.length, ms: performance.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, ms } = await build();
  console.log(`[build] ${files} files compiled to ${OUT_DIR}/ in ${Math.round(ms)} ms`);
}
