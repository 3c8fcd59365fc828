import type { DataSource, EntityMetadata } from 'typeorm';

/**
 * The caveat for an entity that has listeners (@BeforeInsert, ...) or
 * subscribers: bulk inserts run none of them, so a value they would compute
 * (a password hash, a slug) must come from the factory. Undefined when there
 * is nothing to say.
 */
export function listenerNote(dataSource: DataSource, metadata: EntityMetadata): string | undefined {
  if (metadata.tableType === 'junction') return undefined;
  const listeners = metadata.ownListeners.map((l) => `@${pascal(l.type)} ${l.propertyName}()`);
  const subscribers = dataSource.subscribers
    .filter((s) => {
      const target = s.listenTo?.();
      return target !== undefined && (target === metadata.target || (typeof target === 'function' && typeof metadata.target === 'function' && metadata.target.prototype instanceof target));
    })
    .map((s) => s.constructor.name);
  if (listeners.length === 0 && subscribers.length === 0) return undefined;
  const what = [...listeners, ...subscribers.map((s) => `subscriber ${s}`)].join(', ');
  return `${metadata.name} has ${what}: bulk inserts do not run entity listeners or subscribers; set what they compute in its factory (a costly value once per run, in the config's prepare step)`;
}

function pascal(type: string): string {
  return type.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}

/** The caveat for subscribers without `listenTo()` (they hear every entity): said once per run. */
export function globalSubscriberNote(dataSource: DataSource): string | undefined {
  const global = dataSource.subscribers.filter((s) => typeof s.listenTo !== 'function').map((s) => s.constructor.name);
  if (global.length === 0) return undefined;
  return `subscriber${global.length > 1 ? 's' : ''} ${global.join(', ')} (every entity): bulk inserts do not run subscribers; set what they compute in the factories`;
}
