// Removes dist/ before a build so a deleted node never survives in the package.
require('fs').rmSync(require('path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
