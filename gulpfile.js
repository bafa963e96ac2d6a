const path = require('path');
const { task, src, dest } = require('gulp');

// tsc does not copy icons; n8n loads them from dist next to the compiled node/credential.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	),
);
