import { InitialSchema1796024480735 } from './1796024480735-initial-schema';
import { ReseedLedger1796100000000 } from './1796100000000-reseed-ledger';
import { ReseedRunOwner1796150000000 } from './1796150000000-reseed-run-owner';
import { ReseedRunShards1796400000000 } from './1796400000000-reseed-run-shards';
import { ReseedRunSource1796500000000 } from './1796500000000-reseed-run-source';

export { ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000, ReseedRunSource1796500000000 };

/** Every migration of the example schema and of reseed's own tables, in order. */
export const migrations = [InitialSchema1796024480735, ReseedLedger1796100000000, ReseedRunOwner1796150000000, ReseedRunShards1796400000000, ReseedRunSource1796500000000];
