/**
 * The first check of every procedure's raw input, before zod and before any business code:
 * ill-formed input is refused at the edge, once, for the whole API.
 *
 * - a string or object key holding U+0000 (PostgreSQL text cannot store it: the write fails
 *   with a server error) or that is not well-formed UTF-16 (a lone surrogate is stored as
 *   U+FFFD by PostgreSQL, so what was hashed into the audit chain differs from what is kept);
 * - the keys `__proto__`, `constructor`, `prototype` (prototype pollution through spreads and
 *   merges of the input);
 * - nesting deeper than MAX_INPUT_DEPTH (recursive walkers further down — zod, JSON
 *   serialization, the audit record's canonical form — would overflow the stack);
 * - more than MAX_INPUT_NODES values in all (no legitimate form comes near it).
 *
 * The walk is iterative, so no input can exhaust the stack here either.
 */

export const MAX_INPUT_DEPTH = 32;
export const MAX_INPUT_NODES = 100_000;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type InputFault = 'badString' | 'forbiddenKey' | 'tooDeep' | 'tooLarge';

export interface InputProblem {
  fault: InputFault;
  /** Where, e.g. `criteria.3.name` (empty for the input itself). */
  path: string;
}

const badString = (s: string) => s.includes('\u0000') || !s.isWellFormed();

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The first problem found in a raw input, or null when it may go on to validation. */
export function inspectInput(input: unknown): InputProblem | null {
  if (input === undefined || input === null) return null;
  const stack: { value: unknown; depth: number; path: readonly (string | number)[] }[] = [
    { value: input, depth: 0, path: [] },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (++nodes > MAX_INPUT_NODES) return { fault: 'tooLarge', path: '' };
    if (typeof value === 'string') {
      if (badString(value)) return { fault: 'badString', path: path.join('.') };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return { fault: 'tooDeep', path: path.join('.') };
    if (Array.isArray(value)) {
      if (nodes + stack.length + value.length > MAX_INPUT_NODES) return { fault: 'tooLarge', path: '' };
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth: depth + 1, path: [...path, i] });
      continue;
    }
    // Dates, Buffers and the like (only from in-process callers) are leaves.
    if (!isPlainObject(value)) continue;
    const keys = Object.keys(value);
    if (nodes + stack.length + keys.length > MAX_INPUT_NODES) return { fault: 'tooLarge', path: '' };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN_KEYS.has(key)) return { fault: 'forbiddenKey', path: [...path, key].join('.') };
      if (badString(key)) return { fault: 'badString', path: path.join('.') };
      stack.push({ value: value[key], depth: depth + 1, path: [...path, key] });
    }
  }
  return null;
}
