import { Module } from '@nestjs/common';

/** Root of the research service's feature modules. */
@Module({})
export class ResearchModule {}
