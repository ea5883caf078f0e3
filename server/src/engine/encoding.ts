/** Bytes → text for the faces that read files (the editor hands the engine text already). */

export interface Decoded {
  text: string;
  /** Set when the bytes are not valid in the detected encoding: offset in `text` of the first bad sequence. */
  invalidAt?: number;
  encoding: string;
}

export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const declared = declaredEncoding(bytes);
  if (declared && /^(iso-8859-1|iso-8859-15|latin-?1|windows-1252|cp1252)$/i.test(declared)) {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: declared.toLowerCase() };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { text, invalidAt: Math.max(0, text.indexOf('\ufffd')), encoding: 'utf-8' };
  }
}

function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
}
