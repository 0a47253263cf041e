import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { GatewayClient } from './gateway-client.js';

export interface VideoView {
  id: string;
  creatorId: string;
  title: string;
  status: string;
  failureStep: string | null;
  failureReason: string | null;
  chunkCount: number;
  words: number | null;
  durationSeconds: number | null;
}

export interface SearchResult {
  videoId: string;
  title: string;
  startSeconds: number;
  endSeconds: number;
  score: number;
  snippet: string;
}

/** Uploads a file as `POST /v1/videos/upload` (multipart, the file read from disk as it is sent). */
export async function uploadVideo(gateway: GatewayClient, path: string, fields: { creatorId: string; title: string; language?: string }, apiKey: string): Promise<{ status: number; body: VideoView }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  form.set('file', await openAsBlob(path), basename(path));
  const response = await fetch(`${gateway.baseUrl}/v1/videos/upload`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
  return { status: response.status, body: (await response.json()) as VideoView };
}

export const isFinal = (video: VideoView): boolean => video.status === 'COMPLETED' || video.status === 'FAILED';
