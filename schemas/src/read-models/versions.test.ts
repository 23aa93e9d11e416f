import {
  aliasValue,
  liveNamespace,
  parseAliasValue,
  parseVersionedNamespace,
  VersionKeys,
  versionNamespace,
} from './versions';

describe('versioned read-model namespaces', () => {
  it('splits a versioned namespace into root and version', () => {
    expect(parseVersionedNamespace('rm:v1:')).toEqual({ root: 'rm:', version: 1 });
    expect(parseVersionedNamespace('it-abc:x:v12:')).toEqual({ root: 'it-abc:x:', version: 12 });
    expect(parseVersionedNamespace('v3:')).toEqual({ root: '', version: 3 });
  });

  it('refuses namespaces whose last segment is not v<N>', () => {
    for (const ns of ['rm:', 'rm:v1', 'rm:v0:', 'rm:vx:', 'rm:av1:', 'rm:v1a:', ''])
      expect(parseVersionedNamespace(ns)).toBeNull();
  });

  it('names versions and alias values both ways', () => {
    expect(versionNamespace('rm:', 4)).toBe('rm:v4:');
    expect(aliasValue(4)).toBe('v4');
    expect(parseAliasValue('v4')).toBe(4);
    expect(parseAliasValue('4')).toBeNull();
    expect(parseAliasValue(null)).toBeNull();
    expect(new VersionKeys('rm:').alias).toBe('rm:live');
    expect(new VersionKeys('rm:').namespace(2)).toBe('rm:v2:');
  });

  it('resolves the live namespace from the alias, else the configured one', () => {
    expect(liveNamespace('rm:v1:', null)).toBe('rm:v1:');
    expect(liveNamespace('rm:v1:', 'v3')).toBe('rm:v3:');
    expect(liveNamespace('rm:v1:', 'garbage')).toBe('rm:v1:');
    expect(liveNamespace('plain:', 'v3')).toBe('plain:');
  });

  it('keeps the version keys outside every version namespace', () => {
    const keys = new VersionKeys('rm:');
    for (const key of [keys.alias, keys.rebuildLock, keys.rebuildState, keys.aliasChanged])
      expect(key.startsWith('rm:v1:')).toBe(false);
  });
});
