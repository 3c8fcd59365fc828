#!/usr/bin/env node
// Loads the TypeScript CLI through tsx in this process, so user configs (reseed.config.ts) load too.
require('tsx/cjs/api').register();
const { main } = require('../src/cli/main.ts');
main(process.argv.slice(2)).then((code) => process.exit(code));
