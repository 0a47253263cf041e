const MARKED = Symbol('switchboard:development-defaults');

type Marked = { [MARKED]?: string[] };

/**
 * Marks a secret setting whose default is public (it is in this repository, so a fresh clone runs
 * with no environment). With `NODE_ENV=production` such a setting must be set: loadConfig refuses
 * to start on the default, naming the variable, rather than run in production with a known key.
 */
export const DevelopmentDefault = (): PropertyDecorator => (target, property) => {
  const owner = target as Marked;
  // Own list per class: a subclass adds to what its base class marked, never to the base's list.
  owner[MARKED] = [...(owner[MARKED] ?? []), String(property)];
};

/** The settings of `configClass` (and its base classes) marked @DevelopmentDefault. */
export const developmentDefaults = (configClass: new () => object): string[] => (configClass.prototype as Marked)[MARKED] ?? [];
