/**
 * Fails when imports go round in a circle: between two files anywhere in the code, or between two
 * feature folders of the server (`server/src/<feature>`), which is how a lower layer ends up knowing
 * an upper one. Type-only imports count too: they tie the folders together just the same.
 */
import madge from 'madge';

const ROOTS = ['server/src', 'client/src', 'scripts'];

const FEATURES = 'server/src/';

/** The feature folder of a server file (a file right in server/src, and any other file, stands alone). */
function folderOf(file: string): string {
  if (!file.startsWith(FEATURES)) return file;
  const [first, ...rest] = file.slice(FEATURES.length).split('/');
  return rest.length ? `${FEATURES}${first}` : file;
}

/** Every cycle of a graph, each once, as the list of its nodes (Tarjan's strongly connected components). */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const seen = new Map<string, { index: number; low: number; onStack: boolean }>();
  const components: string[][] = [];
  const visit = (node: string) => {
    const mine = { index, low: index, onStack: true };
    index++;
    seen.set(node, mine);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const other = seen.get(next);
      if (!other) {
        visit(next);
        mine.low = Math.min(mine.low, seen.get(next)!.low);
      } else if (other.onStack) mine.low = Math.min(mine.low, other.index);
    }
    if (mine.low !== mine.index) return;
    const component: string[] = [];
    let node_: string;
    do {
      node_ = stack.pop()!;
      seen.get(node_)!.onStack = false;
      component.push(node_);
    } while (node_ !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of graph.keys()) if (!seen.has(node)) visit(node);
  return components;
}

async function main() {
  const result = await madge(ROOTS, {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: 'tsconfig.json',
    excludeRegExp: [/node_modules/],
  });
  const fileCycles = result.circular();
  const folders = new Map<string, Set<string>>();
  for (const [file, imports] of Object.entries(result.obj())) {
    const from = folderOf(file);
    const targets = folders.get(from) ?? new Set<string>();
    for (const target of imports.map(folderOf)) if (target !== from) targets.add(target);
    folders.set(from, targets);
  }
  const folderCycles = stronglyConnected(folders);

  for (const cycle of fileCycles) console.error(`files import each other: ${cycle.join(' → ')} → ${cycle[0]}`);
  for (const cycle of folderCycles) console.error(`folders import each other: ${cycle.join(', ')}`);
  if (fileCycles.length || folderCycles.length) process.exit(1);
  console.log(`No import cycles among ${Object.keys(result.obj()).length} files.`);
}

void main();
