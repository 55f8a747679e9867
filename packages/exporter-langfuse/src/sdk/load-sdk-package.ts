import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Loads an OTel SDK package (an optional peer: the application installs the SDK line it uses,
 * 2.x or 3.x) as the application has it: from this package's folder (where npm hoists and pnpm
 * links the peers the application installed), else from the folder of its entry script.
 * Throws an error naming the package and how to install it when neither has it.
 */
export function loadSdkPackage<T>(name: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
  }
  const entry = process.argv[1];
  if (entry) {
    try {
      return createRequire(path.join(path.dirname(path.resolve(entry)), '__mellea_sdk__.js'))(name) as T;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error(
    `${name} is not installed beside the application; install it (npm install ${name}) to send spans to Langfuse`,
  );
}
