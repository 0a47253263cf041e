/** The six services and the port each listens on unless `<NAME>_PORT` says otherwise. */
export const SERVICE_PORTS = {
  gateway: 3000,
  telephony: 3001,
  transcription: 3002,
  claims: 3003,
  tasks: 3004,
  research: 3005,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

export const SERVICE_NAMES = Object.keys(SERVICE_PORTS) as ServiceName[];

export const portVariable = (name: ServiceName): string => `${name.toUpperCase()}_PORT`;
