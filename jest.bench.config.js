/**
 * Benchmarks: `npm run bench`. Same harness as the tests, but they measure (time, requests,
 * memory) and print a table instead of asserting speed; speed is never a pass/fail condition.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
	testTimeout: 600000,
	maxWorkers: 1,
};
