/**
 * Jest transform: TypeScript to CommonJS with esbuild (already installed for tsx), no type-check — `npm run typecheck`
 * type-checks in `npm test`. esbuild's linux binary comes from the npm registry like any package, unlike SWC's
 * and jest 30's native resolvers, whose platform packages the registry used here does not serve.
 */
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update(source).update(filename).update('esbuild-1').digest('hex');
  },
};
