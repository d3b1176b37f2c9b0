/**
 * The fields a zod schema accepts at a path, to suggest the intended field for a typo. zod 4 has no public API for
 * this: the walk reads `_zod.def`, its internal definitions. If a zod upgrade changes them, suggestions disappear
 * (the error itself stays) and test/config/bad-input-catalogue.test.ts's "did you mean" cases fail to say so.
 */
import type { z } from 'zod';

/** Wrappers that hold the schema of the value itself in `innerType` (or `in`, for a pipe). */
const WRAPPERS = ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'];

export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- zod's internal definitions have no public type
  let current: any = schema;
  const unwrap = () => {
    for (let i = 0; i < 10 && current; i++) {
      const def = current._zod?.def;
      if (!def) return;
      if (WRAPPERS.includes(def.type)) current = def.innerType;
      else if (def.type === 'pipe') current = def.in;
      else return;
    }
  };
  for (const part of path) {
    unwrap();
    const def = current?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') current = def.shape[part as string];
    else if (def.type === 'array') current = def.element;
    else return [];
  }
  unwrap();
  const def = current?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}
