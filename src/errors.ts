/**
 * Error classes and the translation of native errors into them.
 *
 * The native addon prefixes each message with the JS class to throw
 * (`TypeError: …`, `RangeError: …`, `AbortError: …`, `SomataNonFiniteError: …`).
 */

/** The state of a simulation became NaN or infinite; the message names the model, neuron and time. */
export class NonFiniteStateError extends Error {
  override name = 'NonFiniteStateError';
}

/** Creates the error a cancelled run rejects with (`name === 'AbortError'`). */
export function abortError(message = 'The operation was aborted'): Error {
  return new DOMException(message, 'AbortError');
}

/** Rethrows an error from the native addon as the JS class its message names. */
export function translateNativeError(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(String(e));
  const m = /^(TypeError|RangeError|AbortError|SomataNonFiniteError|Error): ([\s\S]*)$/.exec(e.message);
  if (!m) return e;
  const [, cls, msg] = m;
  switch (cls) {
    case 'TypeError':
      return new TypeError(msg);
    case 'RangeError':
      return new RangeError(msg);
    case 'AbortError':
      return abortError(msg);
    case 'SomataNonFiniteError':
      return new NonFiniteStateError(msg);
    default:
      return new Error(msg);
  }
}

/** Calls a native function, translating its errors. */
export function callNative<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw translateNativeError(e);
  }
}

/** Awaits a native promise, translating its rejection. */
export async function awaitNative<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw translateNativeError(e);
  }
}
