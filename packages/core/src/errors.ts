/**
 * Typed domain errors. Domain packages throw these; the API's error formatter maps
 * `kind` to a tRPC code and `messageKey` to a localized message (zh-CN or en).
 *
 * @example throw new DomainError('NOT_FOUND', 'org.unitNotFound', { id: 3 })
 */
export type DomainErrorKind =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_FAILED';

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  constructor(kind: DomainErrorKind, messageKey: string, params: Record<string, string | number> = {}) {
    super(`${kind}: ${messageKey} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
    this.kind = kind;
    this.messageKey = messageKey;
    this.params = params;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
