// Substituted for drizzle-orm's own `entity.js` in the server bundle (scripts/build.mjs,
// `fasterDrizzleIs`): the same exports and the same answers, remembered.
//
// Why: drizzle asks `is(value, Type)` many times for every piece of every query it builds (is this
// chunk SQL? a column? a table? a parameter?). Each answer is an `instanceof` and, for the many
// "no"s, a walk up the value's class chain testing a symbol on each class: 10.9 % of the server's
// CPU in the page bench (CPU profile, 2026-12-05, docs/performance.md). The answer depends only on
// the value's class and the type asked about (entity kinds are static fields written once, when a
// class is defined), so it is worked out once per pair, drizzle's own way, and kept: a WeakMap by
// class, then a Map by type. A query of the usual shape (a join, four conditions, order, limit)
// built in 74–83 µs with drizzle's file and 36–38 µs with this one.
//
// test/drizzle-entity.test.ts checks this file against drizzle's own for every kind of entity,
// and that it exports what drizzle's exports.
const entityKind = Symbol.for('drizzle:entityKind');
const hasOwnEntityKind = Symbol.for('drizzle:hasOwnEntityKind');

/** drizzle-orm 0.45's `is`, unchanged: the answer worked out. */
function answerOf(value, type) {
  if (value instanceof type) return true;
  if (!Object.prototype.hasOwnProperty.call(type, entityKind)) {
    throw new Error(
      `Class "${type.name ?? '<unknown>'}" doesn't look like a Drizzle entity. If this is incorrect and the class is provided by Drizzle, please report this as a bug.`,
    );
  }
  let cls = Object.getPrototypeOf(value).constructor;
  while (cls) {
    if (entityKind in cls && cls[entityKind] === type[entityKind]) return true;
    cls = Object.getPrototypeOf(cls);
  }
  return false;
}

/** Class → (type → answer). */
const answersByClass = new WeakMap();

function is(value, type) {
  if (!value || typeof value !== 'object') return false;
  const cls = Object.getPrototypeOf(value)?.constructor;
  // Not made by a class (a null prototype, an odd constructor): nothing to remember it by.
  if (typeof cls !== 'function') return answerOf(value, type);
  let answers = answersByClass.get(cls);
  if (answers === undefined) {
    answers = new Map();
    answersByClass.set(cls, answers);
  }
  let answer = answers.get(type);
  if (answer === undefined) {
    answer = answerOf(value, type);
    answers.set(type, answer);
  }
  return answer;
}

export { entityKind, hasOwnEntityKind, is };
