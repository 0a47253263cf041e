import { OUT_DIR } from './compiled.js';
import { build } from './build.js';

/**
 * vitest's globalSetup: whole-system tests spawn the services from dist/, so each test run builds
 * it first (`npx vitest run <file>` as much as `npm test`) and no test starts stale output.
 */
export default async function buildBeforeTests(): Promise<void> {
  const { files, ms } = await build();
  console.log(`[build] ${files} files compiled to ${OUT_DIR}/ in ${Math.round(ms)} ms`);
}
