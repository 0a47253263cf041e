import type { ServiceName } from '@switchboard/platform';
import { makeVideo } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isFinal, uploadVideo, type VideoView } from '../../scripts/demo/video-client.js';
import { type SystemUnderTest, TEST_API_KEY } from '../../scripts/system/system-under-test.js';
import { report, round, timed } from '../support/measure.js';

const UPLOAD_BYTES = 200 * 1024 * 1024;

/** The most RSS each service reaches while `work` runs (sampled every 50 ms). */
async function peakRss<T>(system: SystemUnderTest, names: ServiceName[], work: () => Promise<T>): Promise<{ result: T; ms: number; peaks: Map<ServiceName, number> }> {
  const peaks = new Map(names.map((name) => [name, system.peakRssMb(name)]));
  const sample = setInterval(() => names.forEach((name) => peaks.set(name, Math.max(peaks.get(name)!, system.peakRssMb(name)))), 50);
  try {
    const { result, ms } = await timed(work);
    return { result, ms, peaks };
  } finally {
    clearInterval(sample);
  }
}

/**
 * A 200 MB ten-minute video (a real MP4: noise picture, spoken audio) uploaded through the gateway,
 * then transcribed: the RSS of the gateway (which streams the upload to storage) and of
 * transcription (which never reads the upload: ffmpeg extracts ~19 MB of audio from it) beside the
 * upload's size, before, during the upload, and while the video is processed.
 */
export async function benchUpload(system: SystemUnderTest, storage: string): Promise<void> {
  const path = join(storage, 'upload-source.mp4');
  const words = Math.round((10 * 60 - 1) / 0.42);
  await makeVideo(path, Array.from({ length: words }, (_, i) => `word${i % 50}${i % 12 === 11 ? '.' : ''}`).join(' '), { bytes: UPLOAD_BYTES });
  const { size } = await stat(path);
  const services: ServiceName[] = ['gateway', 'transcription'];
  const before = new Map(services.map((name) => [name, system.peakRssMb(name)]));
  const upload = await peakRss(system, services, () => uploadVideo(system.gateway, path, { creatorId: randomUUID(), title: 'Big upload' }, TEST_API_KEY));
  const video = () => system.gateway.ok<VideoView>('GET', `/v1/videos/${upload.result.body.id}`);
  const processing = await peakRss(system, services, async () => {
    for (;;) {
      const current = await video();
      if (isFinal(current)) return current;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  await rm(path, { force: true });
  report(`RSS during a ${round(size / 1024 / 1024, 0)} MB upload (MB)`, [
    ...services.map((name) => ({
      service: name,
      uploadMB: round(size / 1024 / 1024, 0),
      before: round(before.get(name)!, 0),
      peakDuringUpload: round(upload.peaks.get(name)!, 0),
      peakWhileProcessing: round(processing.peaks.get(name)!, 0),
    })),
  ]);
  console.log(`upload: HTTP ${upload.result.status} in ${round(upload.ms / 1000, 1)} s; video ${processing.result.status} ${processing.result.failureReason ?? ''} after ${round(processing.ms / 1000, 1)} s more`);
}
