import type { Faker } from '@faker-js/faker';

/**
 * An expression's values after the last step of its path (`person.last_name.generic`
 * gives `[raw.person.last_name.generic]`): what faker's evaluation holds
 * before its last round of draws, for a path whose earlier steps meet
 * neither an array (a draw) nor a function (a call), so that walking it
 * once says what every later walk finds.
 */
type ExpressionPlan = readonly unknown[];

/** A template cut at its `{{...}}` expressions: texts[0] exprs[0] texts[1] ... texts[n]. */
interface TemplatePlan {
  readonly texts: readonly string[];
  readonly exprs: readonly ExpressionPlan[];
  /** Where the template goes on after each expression (for handing the rest back to faker). */
  readonly ends: readonly number[];
}

const EXPRESSION_START = /^[a-z]$/;

/** Templates (and mustache keys) remembered per faker before the cache starts over. */
const MAX_PLANNED_TEMPLATES = 1024;

/**
 * Gives `faker` a faster `helpers.fake` and `helpers.mustache` with the very
 * same output: the same draws in the same order, the same text, the same
 * errors. Both run under much of faker (person.lastName and fullName,
 * company.name, location.city and streetAddress, internet.username and
 * email): the peer workload's users (username, fullName) took 16 us a row
 * to make on one thread with faker's, 7 with these.
 *
 * Faker's fake() finds the first `{{`, evaluates the expression by walking
 * its path from the faker and from the raw definitions (cutting it with a
 * regular expression, a filter and a map at every step), substitutes the
 * value and starts over on the whole new string. Here a template is cut once
 * and each expression's path walked once; an evaluation then only makes the
 * draws faker makes at its last step (an element of each array, the first of
 * which is the value, a function called). What the shortcut cannot say the
 * same of goes to faker's own code, whole: a template with a brace outside
 * its expressions, an expression with a call (`string.numeric(4)`) or whose
 * path meets an array or a function before its end, does not resolve, or
 * throws when walked (faker's errors, after faker's earlier draws), and what
 * follows a value that holds a brace (faker would evaluate it as a
 * template). A path is walked on its first use: definitions replaced after
 * that are not seen (reseed's faker is made per generator and its
 * definitions are not changed).
 *
 * Faker's mustache() builds a regular expression per key on every call and
 * replaces with it (fullName: five keys over a pattern that names two or
 * three). Here a key of word characters and dots, as faker's own are (but
 * not of digits alone, which make a quantifier), is matched by hand with
 * the expression's meaning (a dot matches any character but a line
 * terminator); another key's expression is built once
 * (a global expression's replace starts from lastIndex 0 and finds every
 * match before calling a replacer, so sharing it changes nothing).
 */
export function speedUpTemplates(faker: Faker): void {
  const helpers = faker.helpers;
  // Faker's fake() evaluates one expression and calls this.fake() on the rest: it must recurse into
  // itself, not into the fast one (which would plan, and keep, every string in between).
  const fakersFake = (Object.getPrototypeOf(helpers) as { fake?: (pattern: string) => string }).fake;
  if (typeof fakersFake !== 'function') return;
  const shadow = Object.create(helpers, { fake: { value: fakersFake } }) as typeof helpers;
  const originalFake = (template: string): string => fakersFake.call(shadow, template);
  const originalMustache = helpers.mustache.bind(helpers);
  const entrypoints: readonly unknown[] = [faker, faker.rawDefinitions];
  const plans = new Map<string, TemplatePlan | null>();

  const evaluate = (values: ExpressionPlan): unknown => {
    let first: unknown;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      const mapped = Array.isArray(v) ? helpers.arrayElement(v) : v;
      if (k === 0) first = mapped;
    }
    return typeof first === 'function' ? (first as () => unknown)() : first;
  };

  helpers.fake = ((pattern: string | readonly string[]): string => {
    const template = typeof pattern === 'string' ? pattern : helpers.arrayElement(pattern);
    let plan = plans.get(template);
    if (plan === undefined) {
      try {
        plan = planTemplate(template, entrypoints);
      } catch {
        // A path that throws when walked (faker.definitions' proxy, for a missing entry): faker's own
        // walk makes the earlier expressions' draws, or throws their errors, first.
        plan = null;
      }
      // Templates made per call (a row's own text in them) would fill the cache: it starts over.
      if (plans.size >= MAX_PLANNED_TEMPLATES) plans.clear();
      plans.set(template, plan);
    }
    if (plan === null) return originalFake(template);
    let out = plan.texts[0]!;
    for (let k = 0; k < plan.exprs.length; k++) {
      const value = String(evaluate(plan.exprs[k]!));
      if (value.includes('{') || value.includes('}')) return originalFake(out + value + template.substring(plan.ends[k]!));
      out += value + plan.texts[k + 1]!;
    }
    return out;
  }) as Faker['helpers']['fake'];

  const keys = new Map<string, MustacheKey>();
  helpers.mustache = ((text: string | undefined, data: Record<string, string | Replacer>): string => {
    if (text == null) return '';
    if (typeof text !== 'string') return originalMustache(text, data as Parameters<typeof originalMustache>[1]);
    for (const key in data) {
      let compiled = keys.get(key);
      if (compiled === undefined) {
        // Word characters and dots, but not digits alone: `{{1}}` is `{` once and then `}`.
        const literal = /^[\w.]*$/.test(key) && !/^\d+$/.test(key) ? `{{${key}}}` : undefined;
        compiled = { re: new RegExp(`{{${key}}}`, 'g'), literal };
        if (keys.size >= MAX_PLANNED_TEMPLATES) keys.clear();
        keys.set(key, compiled);
      }
      const value = data[key];
      if (compiled.literal !== undefined && (typeof value === 'string' || typeof value === 'function')) text = replaceAll(text, compiled.literal, value);
      else if (typeof value === 'string') text = text.replace(compiled.re, value.replaceAll('$', '$$$$'));
      else text = text.replace(compiled.re, value as unknown as string);
    }
    return text;
  }) as Faker['helpers']['mustache'];
}

/** A mustache key's expression, and the key as a pattern replaceAll matches when it is of word characters and dots. */
interface MustacheKey {
  readonly re: RegExp;
  readonly literal: string | undefined;
}

/** A mustache value's function, called as String.prototype.replace calls it. */
type Replacer = (match: string, offset: number, text: string) => unknown;

/** What the expression's dot matches: any character but a line terminator. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * text.replace(new RegExp(pattern, 'g'), value) for a pattern of braces,
 * word characters and dots, with a string value taken literally (faker
 * escapes its `$`): matches left to right, none overlapping, a dot matching
 * any character but a line terminator; a function value is called for each
 * match, in order, with (match, offset, text), and its result made a string.
 */
function replaceAll(text: string, pattern: string, value: string | Replacer): string {
  const length = pattern.length;
  const dot = pattern.indexOf('.');
  // The pattern's start up to its first dot must appear as it is.
  const head = dot === -1 ? pattern : pattern.substring(0, dot);
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(head, from);
    if (at === -1 || at + length > text.length) break;
    let match = true;
    for (let k = head.length; k < length; k++) {
      const p = pattern.charCodeAt(k);
      const c = text.charCodeAt(at + k);
      if (p === 46 ? isLineTerminator(c) : p !== c) {
        match = false;
        break;
      }
    }
    if (!match) {
      from = at + 1;
      continue;
    }
    const found = text.substring(at, at + length);
    // As replace makes a replacer's result a string (a Symbol throws).
    out += text.substring(copied, at) + (typeof value === 'string' ? value : `${value(found, at, text) as string}`);
    copied = from = at + length;
  }
  return copied === 0 ? text : out + text.substring(copied);
}

/**
 * The template cut at its expressions, or null where the shortcut would not
 * say what faker says: braces outside `{{name...}}`, or an expression that
 * planExpression cannot plan.
 */
function planTemplate(template: string, entrypoints: readonly unknown[]): TemplatePlan | null {
  const texts: string[] = [];
  const exprs: ExpressionPlan[] = [];
  const ends: number[] = [];
  let pos = 0;
  for (;;) {
    const open = template.indexOf('{', pos);
    const text = template.substring(pos, open === -1 ? template.length : open);
    if (text.includes('}')) return null;
    texts.push(text);
    if (open === -1) return { texts, exprs, ends };
    if (template[open + 1] !== '{' || !EXPRESSION_START.test(template[open + 2] ?? '')) return null;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) return null;
    const expression = template.substring(open + 2, close);
    if (expression.includes('{') || expression.includes('}')) return null;
    const plan = planExpression(expression, entrypoints);
    if (plan === null) return null;
    exprs.push(plan);
    pos = close + 2;
    ends.push(pos);
  }
}

/**
 * The values a dotted path reaches from the entrypoints, as faker's walk
 * finds them before its last draws, or null where a walk would draw, call,
 * fail or take a call (`(`): those stay faker's.
 */
function planExpression(expression: string, entrypoints: readonly unknown[]): ExpressionPlan | null {
  if (expression.includes('(')) return null;
  const parts = expression.split('.');
  if (parts.some((p) => p.length === 0)) return null;
  let values = entrypoints;
  for (let step = 0; step < parts.length; step++) {
    const part = parts[step]!;
    const next: unknown[] = [];
    for (const value of values) {
      // faker reads a property of an object, calls a function (not met here: see below), and gets nothing from the rest.
      const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
      if (found != null) next.push(found);
    }
    if (next.length === 0) return null;
    if (step < parts.length - 1 && next.some((v) => Array.isArray(v) || typeof v === 'function')) return null;
    values = next;
  }
  return values;
}
