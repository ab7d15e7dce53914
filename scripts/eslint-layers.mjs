// The ESLint rule `arrivals/layers`: every import of a file must be on its layer's allow-list in
// scripts/layers.mjs. Static imports, `import type`, re-exports, dynamic import() and TypeScript's
// import('…') types are all checked, so a lazy import cannot slip past the layering.
import { builtinModules } from 'node:module';
import { relative, sep } from 'node:path';
import { checkImport, describeMay } from './layers.mjs';

const nodeBuiltins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function describeTarget(target, specifier) {
  if (target.kind === 'path') return target.path;
  if (target.kind === 'node') return `the Node built-in ${specifier}`;
  if (target.kind === 'package') return `the package ${target.name}`;
  return `${specifier} (outside the repository)`;
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: "Each folder imports only what its layer's allow-list in scripts/layers.mjs names" },
    schema: [],
  },
  create(context) {
    const file = relative(context.cwd, context.filename).split(sep).join('/');
    if (file.startsWith('..')) return {};
    const check = (node, source) => {
      if (!source) return;
      let specifier;
      if (source.type === 'Literal' && typeof source.value === 'string') specifier = source.value;
      else if (source.type === 'TemplateLiteral' && source.expressions.length === 0) specifier = source.quasis[0].value.cooked;
      else return;
      const verdict = checkImport(file, specifier, nodeBuiltins);
      if (verdict.ok) return;
      context.report({
        node,
        message: `${file} (layer "${verdict.rule.layer}") may not import ${describeTarget(verdict.target, specifier)}. It may import: ${describeMay(verdict.rule.may).replace(/`/g, '')} (scripts/layers.mjs, the Layers table in README.md).`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};

export const arrivalsPlugin = { meta: { name: 'arrivals' }, rules: { layers: layersRule } };
