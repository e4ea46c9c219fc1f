// Layered layout of a dependency graph and its SVG drawing.
//
// Layer of a resource = the longest path from a root (a resource that requires nothing), so every
// dependency sits in a column left of the resources that need it. Edges point the way of
// NEEDED_BY: from a dependency to the resource that needs it.

/** Above this many resources the graph is drawn compact: small squares, no labels, no arrowheads. */
export const COMPACT_THRESHOLD = 2000;

const NORMAL = { w: 168, h: 38, colGap: 72, rowGap: 12, pad: 24 };
const COMPACT = { w: 8, h: 8, colGap: 10, rowGap: 4, pad: 16 };

/**
 * Columns for the nodes ({ name, requires: string[] }), each sorted to cut edge crossings
 * (barycentre sweeps). Requirements naming no node are ignored; a cycle, which a valid template
 * cannot have, ends up in one extra column instead of looping.
 */
export function layerNodes(nodes) {
  const byName = new Map(nodes.map((n, i) => [n.name, { node: n, index: i, deps: [], dependents: [] }]));
  for (const entry of byName.values()) {
    for (const dep of entry.node.requires) {
      const d = byName.get(dep);
      if (!d || d === entry) continue;
      entry.deps.push(d);
      d.dependents.push(entry);
    }
  }
  const layer = new Map();
  const indegree = new Map();
  const queue = [];
  for (const e of byName.values()) {
    indegree.set(e, e.deps.length);
    layer.set(e, 0);
    if (e.deps.length === 0) queue.push(e);
  }
  let done = 0;
  for (let head = 0; head < queue.length; head++) {
    const e = queue[head];
    done++;
    for (const d of e.dependents) {
      layer.set(d, Math.max(layer.get(d), layer.get(e) + 1));
      indegree.set(d, indegree.get(d) - 1);
      if (indegree.get(d) === 0) queue.push(d);
    }
  }
  let depth = 0;
  for (const v of layer.values()) depth = Math.max(depth, v);
  if (done < byName.size) {
    depth++;
    for (const e of byName.values()) if (indegree.get(e) > 0) layer.set(e, depth);
  }
  const columns = Array.from({ length: byName.size ? depth + 1 : 0 }, () => []);
  for (const e of byName.values()) columns[layer.get(e)].push(e);

  // Barycentre ordering: place each node near the average position of its neighbours in the
  // column before (downward sweeps) or after (upward sweeps). Positions are centred per column.
  const pos = new Map();
  const place = (col) => col.forEach((e, i) => pos.set(e, i - (col.length - 1) / 2));
  columns.forEach(place);
  const sweep = (col, neighbours) => {
    const keyed = col.map((e, i) => {
      const ns = neighbours(e);
      const key = ns.length ? ns.reduce((s, n) => s + pos.get(n), 0) / ns.length : pos.get(e);
      return { e, key, i };
    });
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    keyed.forEach((k, i) => (col[i] = k.e));
    place(col);
  };
  const rounds = byName.size > COMPACT_THRESHOLD ? 1 : 3;
  for (let r = 0; r < rounds; r++) {
    for (let c = 1; c < columns.length; c++) sweep(columns[c], (e) => e.deps);
    for (let c = columns.length - 2; c >= 0; c--) sweep(columns[c], (e) => e.dependents);
  }
  for (let c = 1; c < columns.length; c++) sweep(columns[c], (e) => e.deps);

  return {
    columns: columns.map((col) => col.map((e) => e.node)),
    layerOf: new Map([...layer].map(([e, l]) => [e.node.name, l])),
    edges: [...byName.values()].flatMap((e) => e.deps.map((d) => [d.node.name, e.node.name])),
  };
}

function escapeXml(s) {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

function shorten(s, max) {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const keyOf = (n) => n.key ?? n.name;

function frameText(frame) {
  return frame ? ` · ${frame.ready}/${frame.total} ready` : '';
}

/**
 * Positions of one level's nodes (relative to the level's top left corner): columns from
 * `layerNodes`, wrapped into sub-columns of at most `maxRows`, each column centred vertically. An
 * expanded node is as large as its nested level's drawing (laid out first, recursively) plus its
 * header row. Edges are between names of this level.
 */
function layoutLevel(nodes, m, maxRows, outermost) {
  const live = nodes.filter((n) => !n.ghost);
  const ghosts = nodes.filter((n) => n.ghost);
  const { columns, layerOf, edges } = layerNodes(live);
  if (ghosts.length) columns.push(ghosts);
  const size = new Map();
  let edgeCount = edges.length;
  for (const n of nodes) {
    if (n.children) {
      const sub = layoutLevel(n.children, m, maxRows, false);
      edgeCount += sub.edgeCount;
      size.set(n.name, { w: Math.max(m.w, sub.width), h: m.h + sub.height, sub });
    } else {
      size.set(n.name, { w: m.w, h: m.h, sub: null });
    }
  }
  let x = m.pad;
  let tallest = 0;
  let ghostX = null;
  const slots = [];
  columns.forEach((col, c) => {
    const count = Math.max(1, Math.ceil(col.length / maxRows));
    const rows = Math.ceil(col.length / count);
    const subs = [];
    let colHeight = 0;
    if (ghosts.length && c === columns.length - 1) ghostX = x;
    for (let s = 0; s < count; s++) {
      const part = col.slice(s * rows, (s + 1) * rows);
      const w = Math.max(...part.map((n) => size.get(n.name).w));
      const h = part.reduce((sum, n) => sum + size.get(n.name).h, 0) + (part.length - 1) * m.rowGap;
      subs.push({ part, x, w });
      colHeight = Math.max(colHeight, h);
      x += w + m.colGap;
    }
    tallest = Math.max(tallest, colHeight);
    slots.push({ subs, colHeight });
  });
  const width = outermost ? Math.max(x - m.colGap + m.pad, 200) : Math.max(x - m.colGap + m.pad, m.w);
  const height = outermost ? Math.max(m.pad * 2 + tallest, 80) : m.pad * 2 + tallest;
  const place = new Map();
  const order = [];
  for (const { subs, colHeight } of slots) {
    const top = m.pad + (tallest - colHeight) / 2;
    for (const { part, x: x0 } of subs) {
      let y = top;
      for (const n of part) {
        const s = size.get(n.name);
        place.set(n.name, { x: x0, y, w: s.w, h: s.h, sub: s.sub, node: n });
        order.push(n);
        y += s.h + m.rowGap;
      }
    }
  }
  return { width, height, place, order, edges, layerOf, ghostX, edgeCount };
}

/** Draws and updates one graph in an <svg>; nodes are looked up by key (the name at the top). */
export class GraphView {
  constructor(svg, { onSelect = () => {}, onHover = () => {}, onToggle = () => {} } = {}) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.onToggle = onToggle;
    this.onHover = onHover;
    this.nodes = new Map();
    this.edgesOf = new Map();
    this.zoom = 1;
    this.width = 0;
    this.height = 0;
    this.compact = false;
    this.selected = null;
    svg.addEventListener('click', (ev) => {
      const toggle = ev.target.closest?.('g.toggle');
      if (toggle) {
        this.onToggle(toggle.dataset.toggle);
        return;
      }
      const g = ev.target.closest?.('g.node');
      if (g) this.onSelect(g.dataset.key);
    });
    svg.addEventListener('keydown', (ev) => {
      const g = ev.target.closest?.('g.node');
      if (g && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        this.onSelect(g.dataset.key);
      }
    });
    svg.addEventListener('mouseover', (ev) => {
      const g = ev.target.closest?.('g.node');
      this.onHover(g ? g.dataset.key : null, ev);
    });
    svg.addEventListener('mouseleave', (ev) => this.onHover(null, ev));
  }

  /**
   * Replaces the drawing. `nodes`: [{ name, key?, type, requires, status, observedReady, ghost,
   * ownsStack?, stack?, children? }]; ghosts (resources removed by the current version, still being
   * deleted) get a column of their own on the right. A node with `children` (the resources of the
   * nested stack it owns, expanded in place) is drawn as a frame holding their own layered graph,
   * recursively. Nodes are addressed by `key` (default: the name; nested ones `owner/…/name`).
   */
  render(nodes) {
    const count = (list) => list.reduce((n, x) => n + 1 + (x.children ? count(x.children) : 0), 0);
    this.compact = count(nodes) > COMPACT_THRESHOLD;
    const m = this.compact ? COMPACT : NORMAL;
    const maxRows = this.compact ? Math.max(40, Math.ceil(Math.sqrt(nodes.length) * 1.5)) : Infinity;
    const top = layoutLevel(nodes, m, maxRows, true);
    const { width, height } = top;

    const edgeParts = [];
    const nodeParts = [];
    let bulk = '';
    const labels = [];
    const emit = (level, ox, oy, depth) => {
      for (const [from, to] of level.edges) {
        const a = level.place.get(from);
        const b = level.place.get(to);
        const x1 = ox + a.x + a.w;
        const y1 = oy + a.y + m.h / 2;
        const x2 = ox + b.x - (this.compact ? 0 : 2);
        const y2 = oy + b.y + m.h / 2;
        if (this.compact) {
          bulk += `M${x1} ${y1}L${x2} ${y2}`;
          continue;
        }
        const dx = Math.max(24, (x2 - x1) / 2);
        edgeParts.push(
          `<path class="edge" data-from="${escapeXml(keyOf(a.node))}" data-to="${escapeXml(keyOf(b.node))}"${depth ? ` data-depth="${depth}"` : ''} d="M${x1} ${y1}C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}" marker-end="url(#arrow)"/>`,
        );
      }
      if (level.ghostX != null && !this.compact)
        labels.push(
          `<text class="column-label" x="${ox + level.ghostX}" y="${oy + m.pad - 8}">removed</text>`,
        );
      for (const n of level.order) {
        const p = level.place.get(n.name);
        const x = ox + p.x;
        const y = oy + p.y;
        const name = escapeXml(n.name);
        const key = escapeXml(keyOf(n));
        const cls = `node${n.ghost ? ' ghost' : ''}${p.sub ? ' expanded' : ''}`;
        const attrs = [
          `class="${cls}"`,
          `data-key="${key}"`,
          `data-name="${name}"`,
          n.stack ? `data-stack="${escapeXml(n.stack)}"` : '',
          depth ? `data-depth="${depth}"` : '',
          n.ownsStack ? `data-owns-stack="${escapeXml(n.ownsStack)}" data-expanded="${!!p.sub}"` : '',
          `data-status="${escapeXml(n.status)}"`,
          `data-ready="${n.observedReady === true}"`,
          `data-layer="${n.ghost ? 'removed' : level.layerOf.get(n.name)}"`,
          `transform="translate(${x},${y})"`,
        ]
          .filter(Boolean)
          .join(' ');
        const frame = p.sub ? `<rect class="frame" width="${p.w}" height="${p.h}" rx="6"/>` : '';
        if (this.compact) {
          nodeParts.push(`<g ${attrs}>${frame}<rect width="${m.w}" height="${m.h}" rx="1.5"/></g>`);
        } else {
          nodeParts.push(
            `<g ${attrs} tabindex="0" role="button" aria-label="${name}">`,
            `<title>${name}${n.type ? ` (${escapeXml(n.type)})` : ''}${n.ownsStack ? ` — nested stack ${escapeXml(n.ownsStack)}` : ''}</title>`,
            frame,
            `<rect class="head" width="${p.sub ? p.w : m.w}" height="${m.h}" rx="6"/>`,
            `<text class="label" x="10" y="16">${escapeXml(shorten(n.name, 22))}</text>`,
            `<text class="sub" x="10" y="30"><tspan class="status-text">${escapeXml(n.status)}</tspan><tspan class="nested-info">${p.sub ? escapeXml(frameText(n.frame)) : ''}</tspan></text>`,
            n.ownsStack
              ? `<g class="toggle" data-toggle="${key}" role="button" aria-label="${p.sub ? 'Collapse' : 'Expand'} nested stack" transform="translate(${(p.sub ? p.w : m.w) - 24},6)"><rect width="18" height="18" rx="3"/><text x="9" y="13.5" text-anchor="middle">${p.sub ? '−' : '+'}</text></g>`
              : '',
            '</g>',
          );
        }
        if (p.sub) emit(p.sub, x, y + m.h, depth + 1);
      }
    };
    emit(top, 0, 0, 0);

    const parts = [];
    if (this.compact) {
      parts.push(`<path class="edges-bulk" d="${bulk}"/>`);
    } else {
      parts.push(
        '<defs>',
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0,0L10,5L0,10z"/></marker>',
        '<marker id="arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead hl" d="M0,0L10,5L0,10z"/></marker>',
        '</defs><g class="edges">',
        ...edgeParts,
        '</g>',
      );
    }
    parts.push(...labels, '<g class="nodes">', ...nodeParts, '</g>');

    this.svg.innerHTML = parts.join('');
    this.width = width;
    this.height = height;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.classList.toggle('compact', this.compact);
    this.nodes.clear();
    for (const g of this.svg.querySelectorAll('g.node')) {
      this.nodes.set(g.dataset.key, {
        g,
        statusText: g.querySelector('.status-text'),
        nestedInfo: g.querySelector('.nested-info'),
      });
    }
    this.edgesOf.clear();
    for (const path of this.svg.querySelectorAll('path.edge')) {
      for (const end of [path.dataset.from, path.dataset.to]) {
        if (!this.edgesOf.has(end)) this.edgesOf.set(end, []);
        this.edgesOf.get(end).push(path);
      }
    }
    if (this.selected) this.select(this.selected);
    this.applyZoom();
    return { compact: this.compact, edges: this.compact ? top.edgeCount : edgeParts.length };
  }

  /** Sets what an expanded node says about its nested stack ({ stack, status, ready, total }). */
  setFrame(key, frame) {
    const n = this.nodes.get(key);
    if (!n || !frame) return;
    n.g.setAttribute('data-nested-status', frame.status ?? '');
    n.g.setAttribute('data-nested-ready', String(frame.ready));
    n.g.setAttribute('data-nested-total', String(frame.total));
    if (n.nestedInfo) n.nestedInfo.textContent = frameText(frame);
  }

  has(name) {
    return this.nodes.has(name);
  }

  setStatus(name, status, observedReady) {
    const n = this.nodes.get(name);
    if (!n) return;
    if (n.g.getAttribute('data-status') !== status) {
      n.g.setAttribute('data-status', status);
      if (n.statusText) n.statusText.textContent = status;
    }
    n.g.setAttribute('data-ready', String(observedReady === true));
  }

  select(name) {
    if (this.selected && this.selected !== name) {
      this.nodes.get(this.selected)?.g.classList.remove('selected');
      for (const p of this.edgesOf.get(this.selected) ?? []) {
        p.classList.remove('hl');
        p.setAttribute('marker-end', 'url(#arrow)');
      }
    }
    this.selected = name;
    if (!name) return;
    this.nodes.get(name)?.g.classList.add('selected');
    for (const p of this.edgesOf.get(name) ?? []) {
      p.classList.add('hl');
      p.setAttribute('marker-end', 'url(#arrow-hl)');
      p.parentNode.appendChild(p); // on top of the other edges
    }
  }

  /** Marks nodes with their change in a diff (name -> ADDED/UPDATED/REPLACED…); null clears. */
  markChanges(changes) {
    for (const [name, { g }] of this.nodes) {
      const change = changes?.get(name);
      if (change && change !== 'UNCHANGED') g.setAttribute('data-change', change);
      else g.removeAttribute('data-change');
    }
  }

  /**
   * Sets the zoom. With a node given (the selected one), the view stays centred on it; otherwise
   * the point at the centre of the view stays there.
   */
  setZoom(z, around = this.selected) {
    const box = this.svg.parentElement;
    const before = this.zoom;
    const centre = box
      ? {
          x: (box.scrollLeft + box.clientWidth / 2) / before,
          y: (box.scrollTop + box.clientHeight / 2) / before,
        }
      : null;
    this.zoom = Math.min(4, Math.max(0.05, z));
    this.applyZoom();
    if (around && this.nodes.has(around)) this.centerOn(around);
    else if (box && centre) {
      box.scrollLeft = centre.x * this.zoom - box.clientWidth / 2;
      box.scrollTop = centre.y * this.zoom - box.clientHeight / 2;
    }
  }

  /** The centre of a node in drawing units, or null. */
  centreOf(name) {
    const g = this.nodes.get(name)?.g;
    if (!g) return null;
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '');
    const rect = g.querySelector('rect');
    if (!m || !rect) return null;
    return {
      x: Number(m[1]) + Number(rect.getAttribute('width')) / 2,
      y: Number(m[2]) + Number(rect.getAttribute('height')) / 2,
    };
  }

  /** Scrolls the view so that the node is in its centre. */
  centerOn(name) {
    const box = this.svg.parentElement;
    const c = this.centreOf(name);
    if (!box || !c) return;
    box.scrollLeft = c.x * this.zoom - box.clientWidth / 2;
    box.scrollTop = c.y * this.zoom - box.clientHeight / 2;
  }

  /** The zoom that fits the drawing into its scroll box, at most 1 (never blown up). */
  fitZoom() {
    const box = this.svg.parentElement;
    if (!box || !this.width) return 1;
    // The box grows with the drawing up to its max-height (65vh in style.css).
    const z = Math.min((box.clientWidth - 4) / this.width, (window.innerHeight * 0.65 - 4) / this.height);
    return Math.min(1, Math.max(this.compact ? 0.2 : 0.35, z));
  }

  applyZoom() {
    this.svg.setAttribute('width', String(Math.round(this.width * this.zoom)));
    this.svg.setAttribute('height', String(Math.round(this.height * this.zoom)));
  }

  clear() {
    this.svg.replaceChildren();
    this.svg.removeAttribute('viewBox');
    this.nodes.clear();
    this.edgesOf.clear();
    this.selected = null;
    this.width = 0;
    this.height = 0;
  }
}
