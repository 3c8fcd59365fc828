import { InitialSchema1796024480735 } from './1796024480735-initial-schema';

/** Every migration of the example schema and of reseed's own tables, in order. */
export const migrations = [InitialSchema1796024480735];
