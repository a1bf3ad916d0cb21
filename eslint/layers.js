// @ts-check
/**
 * fielddesk/layers: which layer may import which (modelled on VS Code's code-layering).
 *
 *   common    -> common, npm packages (no DOM, no Node, no Electron)
 *   main      -> common, main, npm packages, Node, Electron
 *   preload   -> common, preload, electron's contextBridge and ipcRenderer only
 *   renderer  -> common, renderer, npm packages (no Node, no Electron)
 *   server    -> common, server, npm packages, Node (no Electron)
 *
 * A file's layer is the first folder of its path below the repository root.
 *
 * Inside the renderer, each renderer/src/features/<feature>/ is a room with one door, its
 * index.ts (routes, navbar entry, and what other features may use). From anywhere outside
 * features/b/, `features/b` (its index) may be imported, `features/b/<anything else>` may not.
 * renderer/src/shared/ holds what several features share and imports no feature at all.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

const LAYERS = ['common', 'main', 'preload', 'renderer', 'server'];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @type {Record<string, { layers: string[], node: boolean, electron: boolean | string[], packages: boolean }>} */
export const RULES = {
  common: { layers: ['common'], node: false, electron: false, packages: true },
  main: { layers: ['common', 'main'], node: true, electron: true, packages: true },
  preload: { layers: ['common', 'preload'], node: false, electron: ['contextBridge', 'ipcRenderer'], packages: false },
  renderer: { layers: ['common', 'renderer'], node: false, electron: false, packages: true },
  server: { layers: ['common', 'server'], node: true, electron: false, packages: true },
};

/** @param {string} root @param {string} file */
function layerOf(root, file) {
  const rel = path.relative(root, file);
  if (rel.startsWith('..')) return null;
  const first = rel.split(path.sep)[0] ?? '';
  return LAYERS.includes(first) ? first : null;
}

const FEATURES_DIR = ['renderer', 'src', 'features'];
const SHARED_DIR = ['renderer', 'src', 'shared'];

/**
 * Where a path lies among the renderer's features: the feature's name and the path below its
 * folder ('' for the folder itself), or null outside renderer/src/features/<feature>/.
 * @param {string} root @param {string} file
 */
function featureOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  if (FEATURES_DIR.some((dir, i) => parts[i] !== dir) || parts.length < 4) return null;
  return { name: /** @type {string} */ (parts[3]), inner: parts.slice(4).join('/') };
}

/** Whether a path below a feature's folder names its index ('', 'index', 'index.ts', …). @param {string} inner */
function isIndex(inner) {
  return inner === '' || /^index(\.[cm]?[jt]sx?)?$/.test(inner);
}

/** @param {string} root @param {string} file */
function inShared(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  return SHARED_DIR.every((dir, i) => parts[i] === dir);
}

/** @param {string} spec */
function isNodeBuiltin(spec) {
  return spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0] ?? '');
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep common / main / preload / renderer / server imports pointing the allowed way.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      layer: '{{from}}/ may not import {{to}}/ ("{{spec}}"). Allowed: {{allowed}}. See ARCHITECTURE.md, "Layers".',
      node: '{{from}}/ may not import Node built-in "{{spec}}": it must run without Node.',
      electron: '{{from}}/ may not import Electron ("{{spec}}").',
      electronName: 'preload/ may import only contextBridge and ipcRenderer from electron, not "{{name}}".',
      pkg: '{{from}}/ may not import the package "{{spec}}": it may import only electron and common/.',
      feature:
        '"{{spec}}" reaches into the internals of features/{{to}}/. Import what that feature offers from its index ("{{index}}"), and export it there if it is missing; what several features share belongs in renderer/src/shared/. See ARCHITECTURE.md, "Features".',
      sharedFeature: 'renderer/src/shared/ may not import a feature ("{{spec}}"): shared code sits below every feature. Move what it needs into shared/ too.',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = options.root ?? context.cwd;
    const from = layerOf(root, context.filename);
    if (!from) return {};
    const layerRule = RULES[from];
    if (!layerRule) return {};
    // Tests run under vitest in Node, never in the sandboxed preload: they may import packages.
    const isTest = /\.test\.[cm]?[jt]sx?$/.test(context.filename);
    const rule = isTest && from === 'preload' ? { ...layerRule, packages: true } : layerRule;
    const ownFeature = featureOf(root, context.filename);
    const fromShared = inShared(root, context.filename);

    /**
     * A feature is entered only through its index (see the header).
     * @param {import('estree').Node} node @param {string} spec @param {string} target
     */
    function checkFeature(node, spec, target) {
      const feature = featureOf(root, target);
      if (!feature || feature.name === ownFeature?.name) return;
      if (fromShared) {
        context.report({ node, messageId: 'sharedFeature', data: { spec } });
        return;
      }
      if (isIndex(feature.inner)) return;
      const index = path.relative(path.dirname(context.filename), path.join(root, ...FEATURES_DIR, feature.name)).split(path.sep).join('/');
      context.report({ node, messageId: 'feature', data: { spec, to: feature.name, index: index.startsWith('.') ? index : `./${index}` } });
    }

    /** @param {import('estree').Node} node @param {string} spec @param {string[] | null} names */
    function check(node, spec, names) {
      const data = { from, spec, allowed: rule.layers.map((l) => `${l}/`).join(', ') };
      if (spec.startsWith('.') || path.isAbsolute(spec)) {
        const resolved = path.resolve(path.dirname(context.filename), spec);
        const target = layerOf(root, resolved);
        if (target && !rule.layers.includes(target)) context.report({ node, messageId: 'layer', data: { ...data, to: target } });
        else if (!target) context.report({ node, messageId: 'layer', data: { ...data, to: 'outside the layers' } });
        else if (target === 'renderer') checkFeature(node, spec, resolved);
        return;
      }
      if (spec === '@fielddesk/common' || spec.startsWith('@fielddesk/common/')) return;
      if (spec.startsWith('@fielddesk/')) {
        context.report({ node, messageId: 'layer', data: { ...data, to: spec.slice('@fielddesk/'.length).split('/')[0] } });
        return;
      }
      if (isNodeBuiltin(spec)) {
        if (!rule.node) context.report({ node, messageId: 'node', data });
        return;
      }
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (rule.electron === false) context.report({ node, messageId: 'electron', data });
        else if (Array.isArray(rule.electron)) {
          const allowed = rule.electron;
          if (names === null) context.report({ node, messageId: 'electronName', data: { name: '*' } });
          else for (const name of names) if (!allowed.includes(name)) context.report({ node, messageId: 'electronName', data: { name } });
        }
        return;
      }
      if (!rule.packages) context.report({ node, messageId: 'pkg', data });
    }

    /** @param {any} node */
    function importedNames(node) {
      if (node.type !== 'ImportDeclaration') return null;
      if (node.importKind === 'type') return [];
      const names = [];
      for (const s of node.specifiers) {
        if (s.type !== 'ImportSpecifier') return null;
        if (s.importKind === 'type') continue;
        names.push(s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value));
      }
      return names;
    }

    return {
      ImportDeclaration(node) {
        check(node, String(node.source.value), importedNames(node));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, String(node.source.value), null);
      },
      ExportAllDeclaration(node) {
        check(node, String(node.source.value), null);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value, null);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          const arg = node.arguments[0];
          if (arg && arg.type === 'Literal' && typeof arg.value === 'string') check(node, arg.value, null);
        }
      },
    };
  },
};

export default { rules: { layers: layersRule } };
