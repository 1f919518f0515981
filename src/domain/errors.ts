/** Known, user-explainable failures. Handlers map them to friendly text with the usage line. */
export type DomainErrorCode = 'not_found' | 'invalid_state' | 'forbidden' | 'invalid_input' | 'conflict';

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    /** i18n key of the message (in src/chat/messages.ts), with its params. */
    public readonly messageKey: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}: ${messageKey} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

export const notFound = (entity: string, code: string) =>
  new DomainError('not_found', 'err.not_found', { entity, code });
