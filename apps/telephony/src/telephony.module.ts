import { Module } from '@nestjs/common';

/** Root of the telephony service's feature modules. */
@Module({})
export class TelephonyModule {}
