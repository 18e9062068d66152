// Worker bundle: `main.js` (the BullMQ worker process) and `embedded.js` (the run executor the API loads
// in-process when there is no Redis). tsc compiler so decorator metadata is emitted.
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
  output: { path: join(__dirname, '../../dist/apps/worker'), clean: true, library: { type: 'commonjs2' } },
  devtool: 'source-map',
  plugins: [
    new CommonJsMarker(),
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [{ entryName: 'embedded', entryPath: './src/embedded.ts' }],
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
