import type { JscConfig } from '@swc/core';

/**
 * How our TypeScript becomes JavaScript, for the build and for vitest alike: Nest's DI and
 * class-validator need legacy decorators with emitted metadata, and class fields assigned in the
 * constructor as tsc does (useDefineForClassFields false in tsconfig.base.json).
 */
export const SWC_JSC = {
  parser: { syntax: 'typescript', decorators: true },
  transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  target: 'es2022',
  keepClassNames: true,
} satisfies JscConfig;
