import { Module } from '@nestjs/common';

/** Root of the tasks service's feature modules. */
@Module({})
export class TasksModule {}
