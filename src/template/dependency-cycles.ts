/**
 * Cycles in a dependency graph (resources of a stack, or stacks linked by exports). CloudFormation
 * refuses a template whose resources depend on each other in a circle; naming the members of the
 * circle tells the user which reference to remove.
 */

/**
 * The strongly connected components that are cycles (two or more members, or one member that
 * depends on itself), each in the order the nodes were given. Tarjan's algorithm, iterative so
 * large templates cannot overflow the call stack.
 */
export function findCycles(nodes: readonly string[], edges: ReadonlyMap<string, Iterable<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const known = new Set(nodes);
  const successors = (n: string): string[] => [...(edges.get(n) ?? [])].filter((m) => known.has(m));

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: string[]; i: number }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: successors(node), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      if (frame.i < frame.next.length) {
        const m = frame.next[frame.i++] ?? '';
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(m) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && successors(frame.node).includes(frame.node);
        if (component.length > 1 || selfLoop) {
          const order = new Map(nodes.map((n, i) => [n, i]));
          cycles.push(component.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
        }
      }
    }
  }
  return cycles;
}

/**
 * Nodes in an order where every edge goes forward (Kahn's algorithm); ties keep the given order.
 * Nodes on cycles are appended at the end in the given order.
 */
export function topologicalOrder(nodes: readonly string[], edges: ReadonlyMap<string, Iterable<string>>): string[] {
  const position = new Map(nodes.map((n, i) => [n, i]));
  const indegree = new Map(nodes.map((n) => [n, 0]));
  for (const [from, targets] of edges) {
    if (!position.has(from)) continue;
    for (const to of new Set(targets)) if (position.has(to) && to !== from) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  }
  const ready = nodes.filter((n) => indegree.get(n) === 0);
  const out: string[] = [];
  const done = new Set<string>();
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const node = ready.shift();
    if (node === undefined) break;
    out.push(node);
    done.add(node);
    for (const to of new Set(edges.get(node) ?? [])) {
      if (!position.has(to) || to === node) continue;
      const left = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  for (const n of nodes) if (!done.has(n)) out.push(n);
  return out;
}
