import { describe, expect, it } from 'vitest';
import { statementsByShape } from './statements-by-shape.js';

describe('statementsByShape', () => {
  it('builds a statement on its key’s first use only, and one per key', () => {
    const statementFor = statementsByShape<{ shape: string }>();
    const built: string[] = [];
    const build = (shape: string) => () => {
      built.push(shape);
      return { shape };
    };
    const first = statementFor('a', build('a'));
    expect(statementFor('a', build('a again'))).toBe(first);
    expect(statementFor('b', build('b'))).toEqual({ shape: 'b' });
    expect(built).toEqual(['a', 'b']);
  });

  it('starts again past its bound rather than grow without end', () => {
    const statementFor = statementsByShape<number>(2);
    let builds = 0;
    const build = () => ++builds;
    statementFor('a', build);
    statementFor('b', build);
    statementFor('c', build); // the third shape clears the first two
    expect(builds).toBe(3);
    expect(statementFor('c', build)).toBe(3);
    expect(statementFor('a', build)).toBe(4);
  });
});
