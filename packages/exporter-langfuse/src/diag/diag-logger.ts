import { diag } from '@opentelemetry/api';
import { PACKAGE_NAME } from '../version';

/**
 * This package's OTel diag component logger. It resolves the global diag logger at each call,
 * so a logger the user sets later is honoured.
 */
export const diagLogger = diag.createComponentLogger({ namespace: PACKAGE_NAME });
