import { Module } from '@nestjs/common';
import { CreatorsController } from './creators.controller.js';
import { VideosController } from './videos.controller.js';

/** The video-knowledge workflow's REST resources: videos (upload, search, retry) and creators' usage. */
@Module({ controllers: [VideosController, CreatorsController] })
export class VideosApiModule {}
