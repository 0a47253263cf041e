import { Module } from '@nestjs/common';

/** Root of the transcription service's feature modules. */
@Module({})
export class TranscriptionModule {}
