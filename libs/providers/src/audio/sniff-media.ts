/** Bytes enough to recognise every format below. */
export const SNIFF_BYTES = 16;

const ascii = (head: Buffer, at: number, length: number) => head.toString('latin1', at, at + length);

/**
 * The media type of a file from its first bytes (its signature), whatever its name or a client
 * declared: the containers ffmpeg reads that carry video or audio worth transcribing. Anything else
 * is undefined (the gateway's upload refuses it: 415; transcription names staged audio by it).
 */
export function sniffMediaType(head: Buffer): string | undefined {
  if (head.length < 12) return undefined;
  if (ascii(head, 4, 4) === 'ftyp') return ascii(head, 8, 4) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  if (head.readUInt32BE(0) === 0x1a45dfa3) return 'video/x-matroska';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'AVI ') return 'video/x-msvideo';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return 'audio/wav';
  if (head.readUInt32BE(0) === 0x000001ba) return 'video/mpeg';
  if (ascii(head, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(head, 0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
  return undefined;
}
