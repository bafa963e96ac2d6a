/**
 * Jest runs the tests against the BUILT package (dist/): `npm test` builds first.
 * Test files are TypeScript (ts-jest, transpile-only via isolatedModules in
 * tsconfig.test.json) or plain JS.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	// Only test/ is crawled: dist/package.json (tsc emits it, same name as the root one)
	// would otherwise collide in jest's haste map. Built files are still required normally.
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/test/e2e/'],
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	moduleFileExtensions: ['ts', 'js', 'json', 'node'],
	globalSetup: '<rootDir>/test/harness/global-setup.js',
	globalTeardown: '<rootDir>/test/harness/global-teardown.js',
	setupFiles: ['<rootDir>/test/harness/setup-env.js'],
	testTimeout: 60000,
	maxWorkers: 2,
};
