export { LoggingModule, type LoggingOptions, pinoOptions } from './logging/logging.module.js';
export { maskPhone, scrubText } from './logging/redaction.js';
