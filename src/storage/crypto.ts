/**
 * AES-GCM helpers over WebCrypto for encrypting tokens at rest. The key is created
 * non-extractable: script can use it but never read its bytes, so a copy of the profile's
 * IndexedDB files (backup, disk image, another program) does not yield usable tokens.
 */

const ALGORITHM = 'AES-GCM';
/** 96-bit IVs are the size GCM is designed for; a fresh random one per encryption. */
const IV_BYTES = 12;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface EncryptedPayload {
  ciphertext: ArrayBuffer;
  iv: Uint8Array<ArrayBuffer>;
}

export function generateKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: ALGORITHM, length: 256 }, false, ['encrypt', 'decrypt']);
}

/** True for a key these helpers can use: guards against a stored record of another shape. */
export function isAesGcmKey(value: unknown): value is CryptoKey {
  return (
    value instanceof CryptoKey &&
    value.algorithm.name === ALGORITHM &&
    value.usages.includes('encrypt') &&
    value.usages.includes('decrypt')
  );
}

/**
 * `additionalData` is authenticated but not encrypted: decryption fails unless the same
 * bytes are given again, which binds a ciphertext to its context (e.g. its storage key).
 */
export async function encrypt(
  key: CryptoKey,
  plaintext: string,
  additionalData?: BufferSource,
): Promise<EncryptedPayload> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: ALGORITHM, iv, additionalData },
    key,
    encoder.encode(plaintext),
  );
  return { ciphertext, iv };
}

/** Rejects (OperationError) when the key, iv, ciphertext or additional data do not match. */
export async function decrypt(
  key: CryptoKey,
  ciphertext: BufferSource,
  iv: Uint8Array<ArrayBuffer>,
  additionalData?: BufferSource,
): Promise<string> {
  const plaintext = await crypto.subtle.decrypt(
    { name: ALGORITHM, iv, additionalData },
    key,
    ciphertext,
  );
  return decoder.decode(plaintext);
}
