/**
 * cdktf-internals was written for one cdktf release: loading it with another must fail, saying what to re-check,
 * unless that exact version is allowed explicitly (someone trying an upgrade or the fork).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALLOW_CDKTF_VERSION_ENV, checkCdktfVersion, WRITTEN_FOR } from '../../cdktf-internals';

// The installed package as npm put it there, read from disk (not through the module under test).
const installed = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', 'node_modules', 'cdktf', 'package.json'), 'utf8'),
) as { name: string; version: string };

describe('the cdktf version check', () => {
  it('passes for the installed cdktf, which is the one pinned in package.json', () => {
    const pinned = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(installed.version).toBe(pinned.dependencies.cdktf);
    expect(WRITTEN_FOR).toEqual({ name: installed.name, version: installed.version });
    expect(checkCdktfVersion(installed, {})).toBeUndefined();
  });

  it.each([
    { name: 'cdktf', version: '0.21.1' },
    { name: 'cdktf', version: '0.20.0' },
    { name: 'cdktn', version: '0.24.0' },
  ])('fails for $name $version, naming what to re-check and how', (other) => {
    const call = () => checkCdktfVersion(other, {});
    expect(call).toThrow(
      `${other.name} ${other.version} is installed, but cdktf-internals/ was written for cdktf 0.21.0`,
    );
    expect(call).toThrow(`${ALLOW_CDKTF_VERSION_ENV}=${other.version} npx jest test/cdktf-internals`);
    expect(call).toThrow("cdktf's sunset and the migration path");
    expect(call).toThrow('cdktf-internals/version.ts');
  });

  it('lets exactly the allowed version load, with a warning', () => {
    const other = { name: 'cdktn', version: '0.24.0' };
    expect(checkCdktfVersion(other, { [ALLOW_CDKTF_VERSION_ENV]: '0.24.0' })).toContain(
      `loading anyway because ${ALLOW_CDKTF_VERSION_ENV}=0.24.0`,
    );
    expect(() => checkCdktfVersion(other, { [ALLOW_CDKTF_VERSION_ENV]: '0.23.0' })).toThrow('is installed');
    expect(() => checkCdktfVersion(other, { [ALLOW_CDKTF_VERSION_ENV]: '1' })).toThrow('is installed');
  });

  it('runs when any patch is loaded: a mismatched cdktf fails the import', () => {
    jest.isolateModules(() => {
      jest.doMock('cdktf/package.json', () => ({ name: 'cdktf', version: '0.99.0' }));
      // A fresh module registry: only require() loads inside isolateModules.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(() => require('../../cdktf-internals/stand-in-stack')).toThrow('cdktf 0.99.0 is installed');
    });
    jest.dontMock('cdktf/package.json');
  });
});
