// The layers of kube-netlint and the one direction imports may take between them (docs/DEVELOPING.md,
// "Layers"). test/layers.test.ts runs dependency-cruiser with this file as part of `npm test`.
//
//   util <- source <- model <- semantics <- lint | reach <- format <- app <- cli | action | lsp <- main
//
// A module imports its own layer and the layers below it, never one above, never a sibling (lint and
// reach do not import each other, nor do the three entry points), and no import cycle anywhere.

/** Each layer: the paths it owns and the layers below it that it may import. */
const layers = {
  util: { paths: ['^src/util/'], uses: [] },
  source: { paths: ['^src/source/'], uses: ['util'] },
  // The config's types are data of the run beside the objects (cluster settings, rule settings, assertions).
  model: { paths: ['^src/model/', '^src/schema/', '^src/config/types\\.ts$'], uses: ['source', 'util'] },
  semantics: { paths: ['^src/semantics/'], uses: ['model', 'source', 'util'] },
  // The rules and the pipeline that runs them (parse, model, lint) for one tree or its projects.
  lint: { paths: ['^src/lint/', '^rules/', '^src/analyze\\.ts$', '^src/projects\\.ts$'], uses: ['semantics', 'model', 'source', 'util'] },
  reach: { paths: ['^src/reach/'], uses: ['semantics', 'model', 'source', 'util'] },
  format: { paths: ['^src/format/'], uses: ['lint', 'reach', 'semantics', 'model', 'source', 'util'] },
  // Loading a run (files, config, git revisions, the base of a diff), I/O helpers, generated docs.
  app: { paths: ['^src/app/', '^src/docs/'], uses: ['format', 'lint', 'reach', 'semantics', 'model', 'source', 'util'] },
  cli: { paths: ['^src/cli/'], uses: ['app', 'format', 'lint', 'reach', 'semantics', 'model', 'source', 'util'] },
  action: { paths: ['^src/action/'], uses: ['app', 'format', 'lint', 'reach', 'semantics', 'model', 'source', 'util'] },
  lsp: { paths: ['^src/lsp/'], uses: ['app', 'format', 'lint', 'reach', 'semantics', 'model', 'source', 'util'] },
  // The bundle's entry: the CLI, which also serves `lsp`.
  main: { paths: ['^src/main\\.ts$'], uses: ['cli', 'lsp', 'app', 'format', 'lint', 'reach', 'semantics', 'model', 'source', 'util'] },
};

const pathsOf = (names) => names.flatMap((name) => layers[name].paths);
const allPaths = pathsOf(Object.keys(layers));

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'An import cycle: split out what both sides need, into the lower layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'layer-unknown',
      comment: 'A module of no layer: add its directory to a layer in .dependency-cruiser.cjs (and to the diagram in docs/DEVELOPING.md).',
      severity: 'error',
      from: { path: '^(src|rules)/', pathNot: allPaths },
      to: {},
    },
    ...Object.entries(layers).map(([name, layer]) => ({
      name: `layer-${name}`,
      comment: `${name} imports only ${layer.uses.length ? layer.uses.join(', ') : 'itself'}: move what it needs down a layer, or the importing code up.`,
      severity: 'error',
      from: { path: layer.paths },
      to: { path: '^(src|rules)/', pathNot: [...layer.paths, ...pathsOf(layer.uses)] },
    })),
  ],
  options: {
    // Type-only imports count: a type that points up is a dependency that points up.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', 'node_modules'] },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
