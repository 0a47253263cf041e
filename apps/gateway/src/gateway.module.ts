import { Module } from '@nestjs/common';

/** Root of the gateway's feature modules. */
@Module({})
export class GatewayModule {}
