// Builds ../../assets/vendor/plotly-<version>-partial.min.js from index.js with esbuild, using the
// settings of plotly.js's own build (its esbuild-config.js): one IIFE defining the global `Plotly`,
// `global` read as `window`, CSS imported by plotly.js (maplibre-gl's) inlined as a <style> element.
// Also writes bundled-packages.txt: the npm packages in the bundle, with versions and licences.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const { version } = require('plotly.js/package.json');
const outfile = `../../assets/vendor/plotly-${version}-partial.min.js`;

const inlineCss = {
    name: 'inline-css',
    setup(build) {
        build.onLoad({ filter: /\.css$/ }, async (args) => {
            const css = await readFile(args.path, 'utf8');
            const { code } = await esbuild.transform(css, { loader: 'css', minify: true });
            const id = createHash('sha256').update(code).digest('hex');
            const contents = `if (!document.getElementById(${JSON.stringify(id)})) {
                var style = document.createElement('style');
                style.id = ${JSON.stringify(id)};
                style.textContent = ${JSON.stringify(code.trim())};
                document.head.appendChild(style);
            }`;
            return { contents, loader: 'js' };
        });
    },
};

const result = await esbuild.build({
    entryPoints: ['index.js'],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false' },
    plugins: [inlineCss],
    banner: {
        js: `/*! plotly.js v${version} partial bundle: scatter, bar, heatmap, scattermap, choroplethmap; locale fr. (c) Plotly, Inc. MIT license. Rebuild: vendor/plotly/README.md */`,
    },
    metafile: true,
    logLevel: 'info',
});

// The npm packages whose code went into the bundle, with their versions and licences.
const packageDirs = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
    const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match) packageDirs.add(match[1]);
}
const lines = [];
for (const dir of packageDirs) {
    const { name, version: packageVersion, license } = JSON.parse(await readFile(`${dir}/package.json`, 'utf8'));
    lines.push(`${name}@${packageVersion} ${license}`);
}
await writeFile('bundled-packages.txt', `${[...new Set(lines)].sort().join('\n')}\n`);
