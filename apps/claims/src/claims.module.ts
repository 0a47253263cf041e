import { Module } from '@nestjs/common';

/** Root of the claims service's feature modules. */
@Module({})
export class ClaimsModule {}
