import { expect } from 'vitest';
import { ConnectorError } from '../../src/connectors/types';

/** The ConnectorError a connector call rejects with (fails the test when it resolves or throws anything else). */
export async function connectorFailure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}
