/**
 * `node --require reseed/dist/src/loading/register.js`: TypeScript files load
 * with the app's compiler and tsconfig (decorator metadata included). Used to
 * run the TypeORM CLI for `reseed migrate`.
 */
import { registerTypeScript } from './typescript-loader';

registerTypeScript();
