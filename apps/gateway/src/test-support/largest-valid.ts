import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationTypes } from 'class-validator';

type Class = new () => object;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/**
 * Candidate strings of `length` characters, the most bytes on the wire first: a CJK character is
 * 3 bytes in UTF-8, a quote 2 in JSON; then what narrower patterns (keys, phone numbers) accept.
 */
const candidates = (length: number) => ['\u4e00'.repeat(length), '"'.repeat(length), 'a'.repeat(length), `+${'1'.repeat(length - 1)}`];

/**
 * The largest request a DTO accepts, read from its validation decorators: every optional field
 * present, every array at its ArrayMaxSize, every string at its MaxLength in the widest characters
 * the field allows. A string or array without a bound throws: the request would be unbounded.
 */
export function largestValid<T extends object>(dto: new () => T): T {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  const plain: Record<string, unknown> = {};
  for (const [property, constraints] of byProperty) plain[property] = largestValue(dto, property, constraints);
  return plainToInstance(dto, plain);
}

function largestValue(dto: Class, property: string, constraints: ValidationMetadata[]): unknown {
  const named = (name: string) => constraints.find((c) => c.name === name);
  const where = `${dto.name}.${property}`;
  const isArray = Boolean(named('isArray'));
  const arrayMax = named('arrayMaxSize')?.constraints[0] as number | undefined;
  if (isArray && arrayMax === undefined) throw new Error(`${where} is an array without ArrayMaxSize`);
  const repeat = (element: unknown) => (isArray ? Array.from({ length: arrayMax! }, () => element) : element);

  if (constraints.some((c) => c.type === ValidationTypes.NESTED_VALIDATION)) {
    const probe = plainToInstance(dto, { [property]: isArray ? [{}] : {} }) as Record<string, unknown>;
    const nested = (isArray ? (probe[property] as object[])[0] : probe[property]) as object;
    return repeat(largestValid(nested.constructor as Class));
  }
  const maxLength = named('maxLength')?.constraints[0] as number | undefined;
  if (maxLength === undefined) throw new Error(`${where} has no MaxLength`);
  for (const text of candidates(maxLength)) {
    const instance = plainToInstance(dto, { [property]: repeat(text) });
    if (!validateSync(instance).some((error) => error.property === property)) return repeat(text);
  }
  throw new Error(`${where}: no candidate string of ${maxLength} characters is valid`);
}
