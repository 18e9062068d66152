// API bundle: tsc compiler so decorator metadata is emitted (Nest DI, code-first GraphQL); node_modules stay
// external (Nest 12 is ESM-only and loads through Node's require(esm)).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');
const { sources } = require('webpack');

// The repo is "type": "module"; the bundle is CommonJS, so its folder says so.
class CommonJsMarker {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CommonJsMarker', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CommonJsMarker', stage: compilation.constructor.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset('package.json', new sources.RawSource('{ "type": "commonjs" }\n'));
      });
    });
  }
}

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api'), clean: true },
  devtool: 'source-map',
  plugins: [
    new CommonJsMarker(),
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The inline-trace worker thread (runs/trace-thread.ts), loaded from beside main.js.
      additionalEntryPoints: [{ entryName: 'trace-thread', entryPath: './src/runs/trace-thread.ts' }],
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      optimization: false,
      generatePackageJson: false,
      externalDependencies: 'all',
      sourceMap: true,
      skipTypeChecking: true,
    }),
  ],
};
