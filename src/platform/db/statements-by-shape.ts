/**
 * Statements BUILT ONCE PER SHAPE: `statementFor(key, build)` runs `build` on a key's first use
 * and gives the same statement for that key ever after. The key names the shape, i.e. everything
 * `build` depends on (which filters are given, which sections, the viewer's tier); a request's
 * values go in the statement's placeholders, never in the key or the build.
 *
 * Why: writing a statement's text is Drizzle's costliest work per request, and one text per shape
 * lets PostgreSQL keep one named statement for it (prepared-statements.ts, issue 11). The audited
 * views, the two-step reads and the appointment list each kept such a map; this is the one.
 *
 * `maxShapes` is far more than the shapes any caller has: only a key made of a request's values
 * (a bug) could reach it, and then the map starts again rather than grow without end.
 */
export function statementsByShape<S>(maxShapes = 512): (key: string, build: () => S) => S {
  const statements = new Map<string, S>();
  return (key, build) => {
    let statement = statements.get(key);
    if (statement === undefined) {
      if (statements.size >= maxShapes) statements.clear();
      statement = build();
      statements.set(key, statement);
    }
    return statement;
  };
}
