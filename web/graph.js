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

/** Draws and updates one graph in an <svg>; nodes are looked up by name. */
export class GraphView {
  constructor(svg, { onSelect = () => {}, onHover = () => {} } = {}) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.onHover = onHover;
    this.nodes = new Map();
    this.edgesOf = new Map();
    this.zoom = 1;
    this.width = 0;
    this.height = 0;
    this.compact = false;
    this.selected = null;
    svg.addEventListener('click', (ev) => {
      const g = ev.target.closest?.('g.node');
      if (g) this.onSelect(g.dataset.name);
    });
    svg.addEventListener('keydown', (ev) => {
      const g = ev.target.closest?.('g.node');
      if (g && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        this.onSelect(g.dataset.name);
      }
    });
    svg.addEventListener('mouseover', (ev) => {
      const g = ev.target.closest?.('g.node');
      this.onHover(g ? g.dataset.name : null, ev);
    });
    svg.addEventListener('mouseleave', (ev) => this.onHover(null, ev));
  }

  /**
   * Replaces the drawing. `nodes`: [{ name, type, requires, status, observedReady, ghost }];
   * ghosts (resources removed by the current version, still being deleted) get a column of
   * their own on the right.
   */
  render(nodes) {
    const live = nodes.filter((n) => !n.ghost);
    const ghosts = nodes.filter((n) => n.ghost);
    const { columns, layerOf, edges } = layerNodes(live);
    if (ghosts.length) columns.push(ghosts);
    this.compact = nodes.length > COMPACT_THRESHOLD;
    const m = this.compact ? COMPACT : NORMAL;
    const maxRows = this.compact ? Math.max(40, Math.ceil(Math.sqrt(nodes.length) * 1.5)) : Infinity;

    // Columns taller than maxRows wrap into sub-columns, so wide layers stay compact.
    const place = new Map();
    let x = m.pad;
    let tallest = 0;
    const slots = [];
    for (const col of columns) {
      const sub = Math.max(1, Math.ceil(col.length / maxRows));
      const rows = Math.ceil(col.length / sub);
      tallest = Math.max(tallest, rows);
      slots.push({ col, sub, rows, x });
      x += sub * (m.w + m.colGap);
    }
    const width = Math.max(x - m.colGap + m.pad, 200);
    const height = Math.max(m.pad * 2 + tallest * (m.h + m.rowGap) - m.rowGap, 80);
    for (const { col, rows, x: x0 } of slots) {
      const top = m.pad + ((tallest - rows) * (m.h + m.rowGap)) / 2;
      col.forEach((n, i) => {
        const s = Math.floor(i / rows);
        const r = i % rows;
        place.set(n.name, { x: x0 + s * (m.w + m.colGap), y: top + r * (m.h + m.rowGap) });
      });
    }

    const parts = [];
    if (this.compact) {
      let d = '';
      for (const [from, to] of edges) {
        const a = place.get(from);
        const b = place.get(to);
        d += `M${a.x + m.w} ${a.y + m.h / 2}L${b.x} ${b.y + m.h / 2}`;
      }
      parts.push(`<path class="edges-bulk" d="${d}"/>`);
    } else {
      parts.push(
        '<defs>',
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0,0L10,5L0,10z"/></marker>',
        '<marker id="arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead hl" d="M0,0L10,5L0,10z"/></marker>',
        '</defs><g class="edges">',
      );
      for (const [from, to] of edges) {
        const a = place.get(from);
        const b = place.get(to);
        const x1 = a.x + m.w;
        const y1 = a.y + m.h / 2;
        const x2 = b.x - 2;
        const y2 = b.y + m.h / 2;
        const dx = Math.max(24, (x2 - x1) / 2);
        parts.push(
          `<path class="edge" data-from="${escapeXml(from)}" data-to="${escapeXml(to)}" d="M${x1} ${y1}C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}" marker-end="url(#arrow)"/>`,
        );
      }
      parts.push('</g>');
    }
    if (ghosts.length && !this.compact) {
      const gx = place.get(ghosts[0].name).x;
      parts.push(`<text class="column-label" x="${gx}" y="${m.pad - 8}">removed</text>`);
    }
    parts.push('<g class="nodes">');
    for (const n of nodes) {
      const p = place.get(n.name);
      const name = escapeXml(n.name);
      const common = `class="node${n.ghost ? ' ghost' : ''}" data-name="${name}" data-status="${escapeXml(n.status)}" data-ready="${n.observedReady === true}" data-layer="${n.ghost ? 'removed' : layerOf.get(n.name)}" transform="translate(${p.x},${p.y})"`;
      if (this.compact) {
        parts.push(`<g ${common}><rect width="${m.w}" height="${m.h}" rx="1.5"/></g>`);
      } else {
        parts.push(
          `<g ${common} tabindex="0" role="button" aria-label="${name}">`,
          `<title>${name}${n.type ? ` (${escapeXml(n.type)})` : ''}</title>`,
          `<rect width="${m.w}" height="${m.h}" rx="6"/>`,
          `<text class="label" x="10" y="16">${escapeXml(shorten(n.name, 22))}</text>`,
          `<text class="sub" x="10" y="30"><tspan class="status-text">${escapeXml(n.status)}</tspan></text>`,
          '</g>',
        );
      }
    }
    parts.push('</g>');

    this.svg.innerHTML = parts.join('');
    this.width = width;
    this.height = height;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.classList.toggle('compact', this.compact);
    this.nodes.clear();
    for (const g of this.svg.querySelectorAll('g.node')) {
      this.nodes.set(g.dataset.name, { g, statusText: g.querySelector('.status-text') });
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
    return { compact: this.compact, edges: edges.length };
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
