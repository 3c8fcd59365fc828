#!/usr/bin/env node
// The installed CLI: reseed's compiled JavaScript, no TypeScript loader of its own (user .ts files
// go through the app's TypeScript compiler, see src/loading/typescript-loader.ts).
// Generation workers the command line asks for start first: they load their modules while this
// thread loads its own (src/cli/early-workers.ts loads little).
require('../dist/src/cli/early-workers.js').startWorkersEarly(process.argv.slice(2));
const { main } = require('../dist/src/cli/main.js');
require('../dist/src/cli/heap-growth.js').limitHeapGrowth();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`reseed: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
