import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomTestPort } from './helpers/ports.js';

describe('randomTestPort', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never hands a test a port fetch refuses ("bad port"), drawing again instead', async () => {
    // The first draw lands on 4190 (sieve), which fetch will not connect to; the second on 4191.
    vi.spyOn(Math, 'random')
      .mockReturnValueOnce(90 / 400)
      .mockReturnValueOnce(91 / 400);
    expect(randomTestPort(4100, 400)).toBe(4191);
    await expect(fetch('http://127.0.0.1:4190/')).rejects.toMatchObject({ cause: { message: 'bad port' } });
  });
});
