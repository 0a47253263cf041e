import { describe, expect, it } from 'vitest';
import { sniffMediaType } from './sniff-media.js';

const bytes = (hex: string, text = '') => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from(text, 'latin1'), Buffer.alloc(16)]);

describe('sniffing media from its first bytes', () => {
  it('recognises the containers we transcribe, whatever the file is called', () => {
    expect(sniffMediaType(bytes('0000001c', 'ftypmp42'))).toBe('video/mp4');
    expect(sniffMediaType(bytes('00000014', 'ftypqt  '))).toBe('video/quicktime');
    expect(sniffMediaType(bytes('1a45dfa3'))).toBe('video/x-matroska');
    expect(sniffMediaType(bytes('', 'RIFF\u0000\u0000\u0000\u0000AVI '))).toBe('video/x-msvideo');
    expect(sniffMediaType(bytes('', 'RIFF\u0000\u0000\u0000\u0000WAVE'))).toBe('audio/wav');
    expect(sniffMediaType(bytes('', 'ID3\u0004'))).toBe('audio/mpeg');
    expect(sniffMediaType(bytes('', 'OggS'))).toBe('audio/ogg');
    expect(sniffMediaType(bytes('', 'fLaC'))).toBe('audio/flac');
    expect(sniffMediaType(bytes('fffb9064'))).toBe('audio/mpeg');
    expect(sniffMediaType(bytes('00000020', 'ftypM4A '))).toBe('video/mp4');
  });

  it('refuses anything else: text, PDF, images, too few bytes', () => {
    expect(sniffMediaType(Buffer.from('just some text that is long enough'))).toBeUndefined();
    expect(sniffMediaType(bytes('', '%PDF-1.7'))).toBeUndefined();
    expect(sniffMediaType(bytes('89504e470d0a1a0a'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('ftyp'))).toBeUndefined();
  });
});
