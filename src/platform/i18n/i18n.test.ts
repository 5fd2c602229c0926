import { describe, expect, it } from 'vitest';
import { direction, loadCatalogs, negotiateLocale, SUPPORTED_LOCALES, translator } from './i18n.js';

describe('locales', () => {
  const catalogs = loadCatalogs();

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('%s has every English key and no extra ones', (locale) => {
    const english = [...catalogs.en!.keys()].sort();
    const other = [...catalogs[locale]!.keys()].sort();
    expect(english.filter((k) => !other.includes(k))).toEqual([]);
    expect(other.filter((k) => !english.includes(k))).toEqual([]);
  });

  it('keeps the same {placeholders} in every translation', () => {
    for (const [key, template] of catalogs.en!) {
      const names = (template.match(/\{\w+\}/g) ?? []).sort();
      for (const locale of SUPPORTED_LOCALES) {
        expect((catalogs[locale]!.get(key)?.match(/\{\w+\}/g) ?? []).sort(), `${locale}:${key}`).toEqual(names);
      }
    }
  });
});

describe('negotiateLocale', () => {
  it('prefers the switcher, then the account, then Accept-Language by weight', () => {
    expect(negotiateLocale('ar', 'fr', 'es')).toBe('ar');
    expect(negotiateLocale(undefined, 'fr', 'es')).toBe('fr');
    expect(negotiateLocale(undefined, undefined, 'de-DE,es;q=0.8,fr;q=0.9')).toBe('fr');
    expect(negotiateLocale('xx', 'yy', 'de')).toBe('en');
  });
});

describe('translator', () => {
  it('falls back to English and interpolates parameters', () => {
    expect(translator('es')('nav.home')).toBe('Inicio');
    expect(translator('ar')('nav.home')).not.toBe('nav.home');
    expect(direction('ar')).toBe('rtl');
    expect(direction('fr')).toBe('ltr');
  });
});
