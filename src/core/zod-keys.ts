/** The keys a zod object schema allows at a path: for "did you mean" on unknown keys. */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The keys an object schema at `path` allows (through default/optional/array/pipe/union). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: z.ZodType | undefined = schema;
  let i = 0;
  for (let guard = 0; cur !== undefined && guard < 64; guard++) {
    const d = defOf(cur);
    if (d.innerType !== undefined) cur = d.innerType;
    else if (d.type === 'pipe') cur = defOf(d.in!).type === 'object' ? d.in : d.out;
    else if (d.type === 'union') cur = d.options?.find((o) => defOf(o).type === 'object' || defOf(o).type === 'array');
    else if (i === path.length) return d.type === 'object' && d.shape !== undefined ? Object.keys(d.shape) : [];
    else if (d.type === 'array') {
      cur = d.element;
      i++;
    } else if (d.type === 'object' && d.shape !== undefined) cur = d.shape[String(path[i++])];
    else if (d.type === 'record') {
      cur = d.valueType;
      i++;
    } else return [];
  }
  return [];
}
