export { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from './infrastructure/test-namespace.js';
