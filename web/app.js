// Long on purpose: the page's one script, served as is (no bundler); sections are marked below.
// The live graph page: stack list, dependency graph (live over graphql-ws), resource details,
// versions and diffs. Plain ES modules, nothing loaded from elsewhere.
import { GraphView } from './graph.js';
import { LiveSocket, getToken, request, setToken } from './gql.js';

import {
  DIFF_QUERY,
  EVENTS_QUERY,
  EVENTS_SUBSCRIPTION,
  NESTED_EVENTS_SUBSCRIPTION,
  NESTED_OWNERS_QUERY,
  OPEN_QUERY,
  READINESS_SUBSCRIPTION,
  RESOURCE_QUERY,
  SNAPSHOT_QUERY,
  STACKS_QUERY,
} from './operations.js';

const PAGE = 1000;
const LIST_POLL_MS = 5000;
const EVENTS_POLL_MS = 2000;
const AWAIT_STACK_MS = 2000;
const OWNERS_POLL_MS = 2000;
const CHANGE_ORDER = ['REPLACED', 'UPDATED', 'ADDED', 'REMOVED', 'UNCHANGED'];

const $ = (id) => document.getElementById(id);

/** Creates an element: h('li', { class: 'x', dataset: { a: 1 } }, 'text', child…). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c);
  return el;
}

const isTerminal = (status) => !/_IN_PROGRESS$/.test(status);

function fmtTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : d.toLocaleTimeString([], { hour12: false });
}

function fmtJson(value) {
  return JSON.stringify(value ?? null, null, 2);
}

// ---------------------------------------------------------------------------------------------
// State

const state = {
  /** Stack list. */
  stacks: [],
  listCursor: null,
  listHasMore: false,
  /** Bumped on every open/close: async answers for an older generation are dropped. */
  gen: 0,
  name: null,
  stack: null,
  nodes: new Map(),
  shape: '',
  events: [],
  eventsByName: new Map(),
  lastSeq: 0,
  maxEventVersion: 0,
  /** Sequence of the current version's first event (Infinity until there is one). */
  versionStart: Infinity,
  stackEvent: null,
  liveReadiness: false,
  selected: null,
  detail: null,
  socket: null,
  retries: 0,
  refetching: false,
  refetchAgain: false,
  /** Counters of the latest details / diff / list read: older answers are dropped. */
  tickets: { details: 0, diff: 0, list: 0 },
  timers: {},
  diffChosen: false,
  diff: null,
  firstRender: true,
  /** Resource name -> the nested stack it owns ({ id, name, status }), for the top stack. */
  owners: new Map(),
  /** Expanded nested stacks by the key of the node that owns them (see `expand`). */
  views: new Map(),
  /** Stops the `stackEvents(nested: true)` subscription that feeds expanded nested stacks. */
  nestedFeed: null,
};

const graph = new GraphView($('graph'), {
  onSelect: (key) => void selectNode(key),
  onHover: showTooltip,
  onToggle: (key) => toggleExpand(key),
});

function later(key, ms, fn) {
  clearTimeout(state.timers[key]);
  state.timers[key] = setTimeout(fn, ms);
}

function cancelTimers() {
  for (const t of Object.values(state.timers)) {
    clearTimeout(t);
    clearInterval(t);
  }
  state.timers = {};
}

// ---------------------------------------------------------------------------------------------
// Errors and the live indicator

function showError(message) {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function describe(error) {
  if (error?.code === 'UNAUTHENTICATED' || error?.status === 401)
    return `${error.message} — set a bearer token above.`;
  return error?.message ?? String(error);
}

function setLive(s, title) {
  const el = $('live');
  el.dataset.state = s;
  el.textContent = s;
  el.title = title ?? 'Live updates';
}

// ---------------------------------------------------------------------------------------------
// Stack list

async function loadStacks({ more = false } = {}) {
  const includeDeleted = $('include-deleted').checked;
  const first = more ? 50 : Math.min(PAGE, Math.max(50, state.stacks.length));
  const ticket = ++state.tickets.list;
  try {
    const data = await request(STACKS_QUERY, {
      first,
      after: more ? state.listCursor : null,
      includeDeleted,
    });
    if (ticket !== state.tickets.list) return;
    const page = data.stacks;
    state.stacks = more ? [...state.stacks, ...page] : page;
    state.listCursor = page.at(-1)?.cursor ?? state.listCursor;
    state.listHasMore = page.length === first;
    renderStackList();
  } catch (error) {
    showError(`Could not list stacks: ${describe(error)}`);
  }
}

function renderStackList() {
  const list = $('stack-list');
  list.replaceChildren(
    ...state.stacks.map((s) => {
      const pct = s.readiness.total ? Math.round((100 * s.readiness.ready) / s.readiness.total) : 0;
      return h(
        'li',
        {
          dataset: { stack: s.name, status: s.status },
          class: s.name === state.name ? 'selected' : null,
        },
        h(
          'button',
          { type: 'button', class: 'stack-open', onclick: () => openStack(s.name) },
          h('span', { class: 'name' }, s.name),
          h('span', { class: 'status-pill', dataset: { status: s.status } }, s.status),
          h('span', { class: 'meta' }, `v${s.version} · ${s.readiness.ready}/${s.readiness.total} ready`),
          h('span', { class: 'mini-bar' }, h('span', { style: `width:${pct}%` })),
        ),
      );
    }),
  );
  $('stack-list-empty').hidden = state.stacks.length > 0;
  $('more-stacks').hidden = !state.listHasMore;
}

/** Keeps the opened stack's list entry in step with the live feed. */
function updateListEntry(patch) {
  const s = state.stacks.find((x) => x.name === state.name);
  if (!s) return;
  const before = JSON.stringify(s);
  Object.assign(s, patch);
  if (JSON.stringify(s) !== before) later('list-render', 100, renderStackList);
}

// ---------------------------------------------------------------------------------------------
// Opening a stack: snapshot + event history over HTTP, then live events over graphql-ws

function closeStack() {
  state.gen++;
  state.socket?.close();
  state.socket = null;
  cancelTimers();
  state.timers.listPoll = setInterval(pollList, LIST_POLL_MS);
  Object.assign(state, {
    name: null,
    stack: null,
    nodes: new Map(),
    shape: '',
    events: [],
    eventsByName: new Map(),
    lastSeq: 0,
    maxEventVersion: 0,
    versionStart: Infinity,
    stackEvent: null,
    liveReadiness: false,
    selected: null,
    retries: 0,
    refetching: false,
    refetchAgain: false,
    diffChosen: false,
    diff: null,
    firstRender: true,
    owners: new Map(),
    views: new Map(),
    nestedFeed: null,
  });
  graph.clear();
  closeDetails();
  $('stack-view').hidden = true;
  $('placeholder').hidden = false;
  setLive('idle');
}

async function openStack(name) {
  if (!name) return;
  closeStack();
  const gen = state.gen;
  state.name = name;
  if (decodeURIComponent(location.hash.replace(/^#stack=/, '')) !== name)
    history.replaceState(null, '', `#stack=${encodeURIComponent(name)}`);
  renderStackList();
  clearError();
  $('placeholder').hidden = true;
  $('stack-view').hidden = false;
  $('stack-name').textContent = name;
  $('stack-view').dataset.stack = name;
  $('graph-notice').hidden = true;
  setLive('loading');
  try {
    /** @type {import('./operations.generated').OpenStackQuery} */
    const data = await request(OPEN_QUERY, { name });
    if (gen !== state.gen) return;
    if (!data.stack) {
      // Opened by a link (#stack=NAME) before the stack exists: keep looking until it appears.
      showError(`No stack named ${name} yet (or it belongs to another tenant); waiting for it to appear…`);
      setLive('waiting', `Waiting for stack ${name} to be created`);
      later('await-stack', AWAIT_STACK_MS, () => {
        if (gen === state.gen) void openStack(name);
      });
      return;
    }
    let page = data.stack.events;
    ingestEvents(page);
    while (page.length === PAGE) {
      const more = await request(EVENTS_QUERY, { name, after: state.lastSeq });
      if (gen !== state.gen) return;
      page = more.stack?.events ?? [];
      ingestEvents(page);
    }
    applySnapshot(data.stack);
    startFeed(gen);
    later('owners-poll', OWNERS_POLL_MS, () => pollOwners(gen));
  } catch (error) {
    if (gen !== state.gen) return;
    showError(`Could not load ${name}: ${describe(error)}`);
    setLive('idle');
  }
}

/** Records events (in sequence order, each once) without drawing, for the top stack or a nested view. */
function ingestEvents(events, target = state) {
  const fresh = [];
  for (const e of events) {
    if (e.sequence <= target.lastSeq) continue;
    target.lastSeq = e.sequence;
    target.events.push(e);
    target.maxEventVersion = Math.max(target.maxEventVersion, e.version);
    if (e.resourceName) {
      let list = target.eventsByName.get(e.resourceName);
      if (!list) target.eventsByName.set(e.resourceName, (list = []));
      list.push(e);
    } else {
      target.stackEvent = e;
    }
    fresh.push(e);
  }
  return fresh;
}

/**
 * Events from the live feed (or the polling fallback): recorded, then shown. An event carries
 * the version of its resource: a resource the current version removed is deleted with events of
 * its old version, after the current version's first event; those make faded "ghost" nodes.
 */
function onLiveEvents(events) {
  for (const e of ingestEvents(events)) {
    const current = state.stack?.version;
    if (current == null) continue;
    if (e.version > current) {
      scheduleRefetch();
      continue;
    }
    if (e.version === current && e.sequence < state.versionStart) state.versionStart = e.sequence;
    if (!e.resourceName) {
      if (e.version === current) {
        setStackStatus(e.status, e.reason);
        if (isTerminal(e.status)) scheduleRefetch();
      }
      continue;
    }
    let node = state.nodes.get(e.resourceName);
    if (e.version < current) {
      // An older instance of a current resource (e.g. replaced), or history: not drawn.
      if ((node && !node.ghost) || e.sequence < state.versionStart) continue;
      if (!node) {
        node = ghostNode(e.resourceName);
        state.nodes.set(node.name, node);
        later('render', 50, renderGraph);
      }
    } else if (!node) {
      scheduleRefetch();
      continue;
    }
    overlay(node, e);
    graph.setStatus(node.name, node.status, node.observedReady);
    if (!node.ghost && !state.owners.has(node.name)) scheduleOwners('');
    // The diff shows what the engine recorded once a resource settles: read it again then.
    if (e.version === current && e.observedReady && awaitsRecord(state.diff, current))
      later('diff', 400, () => void loadDiff());
    if (state.selected === e.resourceName) {
      renderDetailFields(node.name);
      renderDetailEvents(node.name);
      later('details', 400, () => void loadDetails(node.name));
    }
  }
}

function overlay(node, e) {
  node.status = e.status;
  node.statusReason = e.reason ?? node.statusReason;
  if (e.observedReady != null) node.observedReady = e.observedReady;
  else if (!/_COMPLETE$/.test(e.status) || e.status === 'INIT_COMPLETE') node.observedReady = false;
  if (e.physicalResourceId) node.physicalResourceId = e.physicalResourceId;
}

function latestEvent(name, version, target = state) {
  const list = target.eventsByName.get(name);
  if (!list) return null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].version === version) return list[i];
  return null;
}

function ghostNode(name) {
  return {
    name,
    type: '',
    requires: [],
    status: 'DELETE_IN_PROGRESS',
    statusReason: null,
    observedReady: false,
    physicalResourceId: null,
    ghost: true,
  };
}

/**
 * Takes a stack as read over HTTP. A resource's newest event of the current version, when there
 * is one, wins over the snapshot: events are committed before they are published, so whichever
 * of the two is newer, the events end at the true state.
 */
/** A drawn node from a resource of a stack snapshot (the top stack's or a nested one's). */
function nodeOf(r) {
  return {
    name: r.name,
    type: r.type,
    requires: r.requires.map((x) => x.name),
    status: r.status,
    statusReason: r.statusReason,
    observedReady: r.observedReady,
    physicalResourceId: r.physicalResourceId,
    ghost: false,
  };
}

function applySnapshot(s) {
  const versionChanged = state.stack != null && state.stack.version !== s.version;
  state.stack = s;
  const nodes = new Map();
  for (const r of s.resources) {
    const node = nodeOf(r);
    const e = latestEvent(r.name, s.version);
    if (e) overlay(node, e);
    nodes.set(r.name, node);
  }
  // Resources the current version removed, deleted since it started.
  const first = state.events.find((e) => e.version >= s.version);
  state.versionStart = first ? first.sequence : Infinity;
  for (const [name, list] of state.eventsByName) {
    const e = list[list.length - 1];
    if (nodes.has(name) || e.sequence < state.versionStart) continue;
    const node = ghostNode(name);
    overlay(node, e);
    nodes.set(name, node);
  }
  state.nodes = nodes;
  state.owners = ownersOf(s.nested);
  syncViews('', state.owners);
  redraw();

  const se = state.stackEvent && state.stackEvent.version >= s.version ? state.stackEvent : null;
  setStackStatus(se ? se.status : s.status, se ? se.reason : s.statusReason);
  $('stack-version').textContent =
    `version ${s.version}` + (s.lastGoodVersion != null ? ` · last good ${s.lastGoodVersion}` : '');
  $('stack-view').dataset.version = String(s.version);
  if (!state.liveReadiness) setReadiness(s.readiness);
  updateListEntry({ version: s.version });
  renderVersions(versionChanged);
  if (state.maxEventVersion > s.version) scheduleRefetch();
  if (state.selected) {
    if (findNode(state.selected)) void loadDetails(state.selected);
    else closeDetails();
  }
}

function scheduleRefetch() {
  later('refetch', 150, () => void refetch());
}

/** Re-reads the stack; one read at a time, so an older answer never lands after a newer one. */
async function refetch() {
  const gen = state.gen;
  if (state.refetching) {
    state.refetchAgain = true;
    return;
  }
  state.refetching = true;
  try {
    /** @type {import('./operations.generated').StackSnapshotQuery} */
    const data = await request(SNAPSHOT_QUERY, { name: state.name });
    if (gen === state.gen && data.stack) applySnapshot(data.stack);
  } catch (error) {
    if (gen === state.gen) showError(`Could not reload ${state.name}: ${describe(error)}`);
  } finally {
    if (gen === state.gen) {
      state.refetching = false;
      if (state.refetchAgain) {
        state.refetchAgain = false;
        scheduleRefetch();
      }
    }
  }
}

function renderGraph() {
  if (!state.stack) return;
  state.shape = shapeOf('');
  const nodes = treeOf('');
  const { compact } = graph.render(nodes);
  for (const view of state.views.values()) if (view.stack) graph.setFrame(view.key, frameOf(view));
  const notice = $('graph-notice');
  notice.hidden = !compact;
  const drawn = [...allNodes()].length;
  notice.textContent = compact
    ? `${drawn} resources: drawn compact, without labels or arrowheads. Hover for names, click for details.`
    : '';
  if (state.firstRender) {
    state.firstRender = false;
    graph.setZoom(graph.fitZoom());
  }
  if (state.diff) markDiff();
  applyFilter();
}

// ---------------------------------------------------------------------------------------------
// Nested stacks, expanded in place. A resource that owns a nested stack (template resource,
// OS::Heat::Stack, ResourceGroup…) gets a +/− toggle; expanded, it is drawn as a frame holding
// the nested stack's own graph (recursively). Node keys are `owner/…/name` below the top stack.
// Each expanded stack is read over HTTP like the top one and then followed live through one
// `stackEvents(nested: true)` subscription on the top stack (each event names its stack).

const joinKey = (prefix, name) => (prefix ? `${prefix}/${name}` : name);

/** Resource name -> the nested stack it owns, from a snapshot's `nested` (its own children). */
function ownersOf(nested) {
  return new Map((nested ?? []).filter((n) => n.parent).map((n) => [n.parent.resource, n]));
}

/** The level (top stack: prefix '') whose nodes are drawn under `prefix`, or null. */
function levelAt(prefix) {
  if (!prefix)
    return {
      nodes: state.nodes,
      owners: state.owners,
      eventsByName: state.eventsByName,
      stackName: state.name,
      view: null,
    };
  const v = state.views.get(prefix);
  return v?.stack
    ? { nodes: v.nodes, owners: v.owners, eventsByName: v.eventsByName, stackName: v.stackName, view: v }
    : null;
}

/** A drawn node by key: { node, level, prefix }, or null. */
function findNode(key) {
  if (key == null) return null;
  if (state.nodes.has(key)) return { node: state.nodes.get(key), level: levelAt(''), prefix: '' };
  for (const [prefix, v] of state.views) {
    if (!v.stack || !key.startsWith(`${prefix}/`)) continue;
    const node = v.nodes.get(key.slice(prefix.length + 1));
    if (node) return { node, level: levelAt(prefix), prefix };
  }
  return null;
}

/** Every drawn node, top stack first: [key, node]. */
function* allNodes(prefix = '') {
  const level = levelAt(prefix);
  if (!level) return;
  for (const n of level.nodes.values()) {
    const key = joinKey(prefix, n.name);
    yield [key, n];
    if (state.views.has(key)) yield* allNodes(key);
  }
}

/** What decides the drawing's layout: names, dependencies, ghosts, owners and expansions. */
function shapeOf(prefix) {
  const level = levelAt(prefix);
  if (!level) return '…';
  return [...level.nodes.values()]
    .map((n) => {
      const key = joinKey(prefix, n.name);
      const own = n.ghost ? null : level.owners.get(n.name);
      const view = own ? state.views.get(key) : null;
      return `${n.name}${n.ghost ? '~' : ''}<${n.requires.join(',')}${own ? `@${own.id}` : ''}${view ? `[${shapeOf(key)}]` : ''}`;
    })
    .join('|');
}

/** The nodes to draw under `prefix`, expanded ones with their nested stack's nodes as children. */
function treeOf(prefix) {
  const level = levelAt(prefix);
  if (!level) return [];
  return [...level.nodes.values()].map((n) => {
    const key = joinKey(prefix, n.name);
    const own = n.ghost ? null : level.owners.get(n.name);
    const view = own ? state.views.get(key) : null;
    return {
      ...n,
      key,
      stack: prefix ? level.stackName : null,
      ownsStack: own?.name ?? null,
      children: view ? treeOf(key) : null,
      frame: view?.stack ? frameOf(view) : null,
    };
  });
}

/** What an expanded node says of its nested stack: status and readiness of its current version. */
function frameOf(view) {
  const live = [...view.nodes.values()].filter((n) => !n.ghost);
  return {
    stack: view.stackName,
    status: view.status,
    ready: live.filter((n) => n.observedReady === true).length,
    total: live.length,
  };
}

/** Draws again when the layout changed, else only sets statuses (cheap). */
function redraw() {
  if (shapeOf('') !== state.shape) {
    renderGraph();
    return;
  }
  for (const [key, n] of allNodes()) graph.setStatus(key, n.status, n.observedReady);
  for (const view of state.views.values()) if (view.stack) graph.setFrame(view.key, frameOf(view));
}

function toggleExpand(key) {
  if (state.views.has(key)) collapse(key);
  else void expand(key);
  if (state.selected === key) renderDetailFields(key);
}

async function expand(key) {
  const found = findNode(key);
  const own = found && !found.node.ghost ? found.level.owners.get(found.node.name) : null;
  if (!own || state.views.has(key)) return;
  const view = {
    key,
    parent: found.prefix,
    stackName: own.name,
    stackId: own.id,
    status: own.status,
    stack: null,
    nodes: new Map(),
    owners: new Map(),
    events: [],
    eventsByName: new Map(),
    lastSeq: 0,
    maxEventVersion: 0,
    stackEvent: null,
    /** Live events that arrived before the first read: applied after it. */
    pending: [],
    /** Live events held while a gap before them is read (`fillViewGap`). */
    held: null,
    refetching: false,
    again: false,
  };
  state.views.set(key, view);
  renderGraph();
  ensureNestedFeed();
  await loadView(view, true);
}

function collapse(key) {
  for (const k of [...state.views.keys()]) if (k === key || k.startsWith(`${key}/`)) state.views.delete(k);
  if (state.selected && state.selected.startsWith(`${key}/`)) closeDetails();
  renderGraph();
  if (state.views.size === 0) {
    state.nestedFeed?.();
    state.nestedFeed = null;
  }
}

/** Keeps the expansions under `prefix` in step with the nested stacks their owners have now. */
function syncViews(prefix, owners) {
  for (const view of [...state.views.values()]) {
    if (view.parent !== prefix || !state.views.has(view.key)) continue;
    const own = owners.get(view.key.slice(prefix ? prefix.length + 1 : 0));
    if (own && own.id === view.stackId) continue;
    collapse(view.key);
    // Replaced (e.g. a new nested stack for the same resource): expand the new one instead.
    if (own) void expand(view.key);
  }
}

/** Reads an expanded nested stack over HTTP (with its event history the first time). */
async function loadView(view, withEvents) {
  const gen = state.gen;
  const current = () => gen === state.gen && state.views.get(view.key) === view;
  if (view.refetching) {
    view.again = true;
    return;
  }
  view.refetching = true;
  try {
    if (withEvents) {
      /** @type {import('./operations.generated').OpenStackQuery} */
      const data = await request(OPEN_QUERY, { name: view.stackName });
      if (!current()) return;
      if (!data.stack) {
        collapse(view.key);
        return;
      }
      let page = data.stack.events;
      ingestEvents(page, view);
      while (page.length === PAGE) {
        const more = await request(EVENTS_QUERY, { name: view.stackName, after: view.lastSeq });
        if (!current()) return;
        page = more.stack?.events ?? [];
        ingestEvents(page, view);
      }
      applyViewSnapshot(view, data.stack);
    } else {
      /** @type {import('./operations.generated').StackSnapshotQuery} */
      const data = await request(SNAPSHOT_QUERY, { name: view.stackName });
      if (current() && data.stack) applyViewSnapshot(view, data.stack);
    }
  } catch (error) {
    if (current()) showError(`Could not load nested stack ${view.stackName}: ${describe(error)}`);
  } finally {
    view.refetching = false;
    if (view.again && current()) {
      view.again = false;
      later(`view:${view.key}`, 150, () => void loadView(view, false));
    }
  }
}

function applyViewSnapshot(view, s) {
  view.stack = s;
  view.stackId = s.id;
  const nodes = new Map();
  for (const r of s.resources) {
    const node = nodeOf(r);
    const e = latestEvent(r.name, s.version, view);
    if (e) overlay(node, e);
    nodes.set(r.name, node);
  }
  view.nodes = nodes;
  view.owners = ownersOf(s.nested);
  const se = view.stackEvent && view.stackEvent.version >= s.version ? view.stackEvent : null;
  view.status = se ? se.status : s.status;
  const pending = view.pending ?? [];
  view.pending = null;
  syncViews(view.key, view.owners);
  redraw();
  for (const e of ingestEvents(pending, view)) applyViewEvent(view, e);
  if (view.maxEventVersion > s.version) scheduleViewRefetch(view);
  if (state.selected?.startsWith(`${view.key}/`)) {
    if (findNode(state.selected)) void loadDetails(state.selected);
    else closeDetails();
  }
}

function scheduleViewRefetch(view) {
  later(`view:${view.key}`, 150, () => {
    if (state.views.get(view.key) === view) void loadView(view, false);
  });
}

/** Events of the nested stacks (from the `nested: true` feed): those of expanded ones are shown. */
function onNestedEvents(events) {
  for (const e of events) {
    if (e.stackId === state.stack?.id) continue; // the top stack's own feed has them
    let view = null;
    for (const v of state.views.values()) if (v.stackId === e.stackId) view = v;
    if (!view) continue;
    if (!view.stack) {
      view.pending.push(e);
      continue;
    }
    if (view.held) {
      view.held.push(e);
      continue;
    }
    if (e.sequence > view.lastSeq + 1) {
      view.held = [e];
      void fillViewGap(view);
      continue;
    }
    for (const f of ingestEvents([e], view)) applyViewEvent(view, f);
  }
}

/**
 * Reads the events of an expanded stack it missed (see `ensureNestedFeed`), then shows the held
 * live ones. If the read fails they are dropped with the gap still open, so the next event past
 * it tries again (showing them would skip the missed ones for good).
 */
async function fillViewGap(view) {
  const gen = state.gen;
  let filled = false;
  try {
    filled = await catchUpView(view, gen);
  } catch (error) {
    if (gen === state.gen && state.views.get(view.key) === view)
      showError(`Could not load nested stack ${view.stackName}: ${describe(error)}`);
  }
  const held = view.held ?? [];
  view.held = null;
  if (filled) for (const f of ingestEvents(held, view)) applyViewEvent(view, f);
}

/**
 * Reads an expanded stack's events after the last one it has, page after page, and shows them;
 * false if the view was collapsed or the page moved on to another stack meanwhile.
 */
async function catchUpView(view, gen) {
  for (;;) {
    const data = await request(EVENTS_QUERY, { name: view.stackName, after: view.lastSeq });
    if (gen !== state.gen || state.views.get(view.key) !== view) return false;
    const page = data.stack?.events ?? [];
    for (const e of ingestEvents(page, view)) applyViewEvent(view, e);
    if (page.length < PAGE) return true;
  }
}

function applyViewEvent(view, e) {
  const current = view.stack.version;
  if (e.version > current) {
    scheduleViewRefetch(view);
    return;
  }
  if (!e.resourceName) {
    if (e.version === current) {
      view.status = e.status;
      graph.setFrame(view.key, frameOf(view));
      if (isTerminal(e.status)) scheduleViewRefetch(view);
    }
    return;
  }
  const node = view.nodes.get(e.resourceName);
  if (!node) {
    if (e.version === current) scheduleViewRefetch(view);
    return;
  }
  if (e.version < current) return;
  overlay(node, e);
  const key = joinKey(view.key, node.name);
  graph.setStatus(key, node.status, node.observedReady);
  graph.setFrame(view.key, frameOf(view));
  if (!view.owners.has(node.name)) scheduleOwners(view.key);
  if (state.selected === key) {
    renderDetailFields(key);
    renderDetailEvents(key);
    later('details', 400, () => void loadDetails(key));
  }
}

/** A resource without a known nested stack changed: look whether it owns one now (throttled). */
function scheduleOwners(prefix) {
  const key = `owners:${prefix}`;
  if (state.timers[key]) return;
  state.timers[key] = setTimeout(() => {
    delete state.timers[key];
    void loadOwners(prefix);
  }, 300);
}

async function loadOwners(prefix) {
  const gen = state.gen;
  const level = levelAt(prefix);
  if (!level) return;
  try {
    /** @type {import('./operations.generated').NestedOwnersQuery} */
    const data = await request(NESTED_OWNERS_QUERY, { name: level.stackName });
    if (gen !== state.gen || !data.stack || levelAt(prefix)?.view !== level.view) return;
    const owners = ownersOf(data.stack.nested);
    if (level.view) level.view.owners = owners;
    else state.owners = owners;
    syncViews(prefix, owners);
    redraw();
    if (state.selected && findNode(state.selected)?.prefix === prefix) renderDetailFields(state.selected);
  } catch {
    // The next event tries again.
  }
}

/**
 * A nested stack is created while its owner's action runs, possibly after the owner's last event
 * so far: while a drawn level has a resource in progress that owns no known stack, its owners are
 * read again every OWNERS_POLL_MS.
 */
function pollOwners(gen) {
  if (gen !== state.gen) return;
  const levels = [['', state.nodes, state.owners]];
  for (const v of state.views.values()) if (v.stack) levels.push([v.key, v.nodes, v.owners]);
  for (const [prefix, nodes, owners] of levels) {
    for (const n of nodes.values()) {
      if (!n.ghost && !owners.has(n.name) && /_IN_PROGRESS$/.test(n.status)) {
        void loadOwners(prefix);
        break;
      }
    }
  }
  later('owners-poll', OWNERS_POLL_MS, () => pollOwners(gen));
}

/** Subscribes, on the page's socket, to the top stack's events with its nested stacks' (while any is expanded). */
function ensureNestedFeed() {
  const socket = state.socket;
  if (state.nestedFeed || state.views.size === 0 || !socket || !state.stack) return;
  const gen = state.gen;
  // No `after`: with it the server replays every nested stack's history from its beginning (a
  // group of 1,000 members: every member's events), where the page only needs those of the stacks
  // it shows, which it reads over HTTP. Only new events follow; one that arrives past a gap in its
  // stack's sequence (it happened between that read and this subscription) has the gap read first.
  state.nestedFeed = socket.subscribe(
    NESTED_EVENTS_SUBSCRIPTION,
    { name: state.name },
    {
      next: (result) => {
        if (gen !== state.gen || socket !== state.socket) return;
        if (result.errors?.length)
          showError(`Live nested events: ${result.errors.map((e) => e.message).join('; ')}`);
        if (result.data?.stackEvents) onNestedEvents([result.data.stackEvents]);
      },
      error: (error) => {
        if (gen !== state.gen || socket !== state.socket) return;
        state.nestedFeed = null;
        showError(`Live nested events: ${describe(error)}`);
      },
      complete: () => {},
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Finding resources in big stacks: the filter dims every node that does not match

function matchingNodes() {
  const text = $('node-filter').value.trim().toLowerCase();
  if (!text) return null;
  return [...allNodes()]
    .filter(([, n]) => `${n.name} ${n.type ?? ''} ${n.status ?? ''}`.toLowerCase().includes(text))
    .map(([key]) => key);
}

function applyFilter() {
  const matches = matchingNodes();
  const set = new Set(matches ?? []);
  for (const g of $('graph').querySelectorAll('g.node')) {
    const key = g.getAttribute('data-key');
    g.classList.toggle('match', matches !== null && set.has(key));
    g.classList.toggle('dimmed', matches !== null && !set.has(key));
  }
  $('node-filter-count').textContent =
    matches === null ? '' : `${matches.length} of ${[...allNodes()].length} match`;
  $('node-filter-count').dataset.count = matches === null ? '' : String(matches.length);
}

function setStackStatus(status, reason) {
  const pill = $('stack-status');
  pill.textContent = status;
  pill.dataset.status = status;
  $('stack-view').dataset.status = status;
  $('stack-reason').textContent = reason ?? '';
  updateListEntry({ status });
}

function setReadiness({ ready, total }) {
  const el = $('readiness');
  el.dataset.ready = String(ready);
  el.dataset.total = String(total);
  $('readiness-fill').style.width = `${total ? (100 * ready) / total : 0}%`;
  $('readiness-text').textContent = `${ready} / ${total} ready`;
  updateListEntry({ readiness: { ready, total } });
}

// ---------------------------------------------------------------------------------------------
// Live feed: graphql-ws, falling back to HTTP polling while the socket is down

function startFeed(gen) {
  if (gen !== state.gen) return;
  const name = state.name;
  setLive('connecting');
  const socket = new LiveSocket({
    onOpen: () => {
      if (gen !== state.gen) return;
      state.retries = 0;
      clearInterval(state.timers.poll);
      setLive('live', 'Live over WebSocket (graphql-ws)');
    },
    onClose: ({ code, reason, byUs }) => {
      if (byUs || gen !== state.gen || socket !== state.socket) return;
      feedDown(gen, code, reason);
    },
  });
  state.socket = socket;
  socket.subscribe(
    EVENTS_SUBSCRIPTION,
    { name, after: state.lastSeq },
    {
      next: (result) => {
        if (gen !== state.gen) return;
        if (result.errors?.length)
          showError(`Live events: ${result.errors.map((e) => e.message).join('; ')}`);
        if (result.data?.stackEvents) onLiveEvents([result.data.stackEvents]);
      },
      error: (error) => {
        if (gen !== state.gen) return;
        showError(`Live events: ${describe(error)}`);
        if (error.code === 'NOT_FOUND') {
          socket.close();
          setLive('closed', 'The stack is gone');
        } else {
          socket.close();
          feedDown(gen, 0, error.message);
        }
      },
      complete: () => {
        if (gen === state.gen) setLive('closed', 'The server ended the event stream');
      },
    },
  );
  state.nestedFeed = null;
  ensureNestedFeed();
  socket.subscribe(
    READINESS_SUBSCRIPTION,
    { name },
    {
      next: (result) => {
        if (gen !== state.gen || !result.data?.resourceReadiness) return;
        state.liveReadiness = true;
        setReadiness(result.data.resourceReadiness);
      },
      error: () => {
        state.liveReadiness = false;
      },
      complete: () => {},
    },
  );
}

function feedDown(gen, code, reason) {
  if (gen !== state.gen) return;
  state.socket = null;
  state.nestedFeed = null;
  state.liveReadiness = false;
  const refused = code === 4403 || code === 4401;
  setLive(
    refused ? 'refused' : 'polling',
    refused
      ? 'The server refused the live connection: check the token'
      : `Socket closed (${code} ${reason ?? ''})`,
  );
  if (refused) showError('The server refused the live connection (code 4403): is the bearer token right?');
  clearInterval(state.timers.poll);
  state.timers.poll = setInterval(() => void pollEvents(gen), EVENTS_POLL_MS);
  const delay = Math.min(30_000, 1000 * 2 ** state.retries++);
  later('reconnect', delay, () => startFeed(gen));
}

async function pollEvents(gen) {
  try {
    for (;;) {
      const data = await request(EVENTS_QUERY, { name: state.name, after: state.lastSeq });
      if (gen !== state.gen || !data.stack) return;
      onLiveEvents(data.stack.events);
      setReadiness(data.stack.readiness);
      if (data.stack.events.length < PAGE) break;
    }
    // Expanded nested stacks: their own events, the same way.
    for (const view of [...state.views.values()])
      if (view.stack && !view.held && gen === state.gen) await catchUpView(view, gen);
  } catch {
    // the next tick tries again; the indicator already says we are not live
  }
}

async function pollList() {
  if (document.visibilityState !== 'visible') return;
  await loadStacks();
}

// ---------------------------------------------------------------------------------------------
// Details panel

async function selectNode(name) {
  const found = findNode(name);
  if (!found) return;
  if (state.selected !== name) state.detail = null;
  state.selected = name;
  graph.select(name);
  const panel = $('details');
  const opening = panel.hidden;
  if (panel.dataset.name !== name) delete panel.dataset.loaded;
  panel.hidden = false;
  // The panel takes room from the graph: fit the drawing to what is left, around the node.
  if (opening) graph.setZoom(graph.fitZoom(), name);
  else graph.centerOn(name);
  panel.dataset.name = name;
  if (found.prefix) panel.dataset.stack = found.level.stackName;
  else delete panel.dataset.stack;
  $('details-name').textContent = found.prefix ? `${found.level.stackName} / ${found.node.name}` : name;
  $('details-properties').textContent = '…';
  $('details-attributes').textContent = '…';
  renderDetailFields(name);
  renderDetailEvents(name);
  await loadDetails(name);
}

function closeDetails() {
  state.selected = null;
  state.detail = null;
  graph.select(null);
  const panel = $('details');
  const closing = !panel.hidden;
  panel.hidden = true;
  if (closing && state.stack) graph.setZoom(graph.fitZoom());
  delete panel.dataset.name;
  delete panel.dataset.stack;
  delete panel.dataset.loaded;
}

async function loadDetails(name) {
  const gen = state.gen;
  const ticket = ++state.tickets.details;
  try {
    const where = findNode(name);
    if (!where) return;
    /** @type {import('./operations.generated').ResourceDetailsQuery} */
    const data = await request(RESOURCE_QUERY, { name: where.level.stackName, resource: where.node.name });
    if (gen !== state.gen || state.selected !== name || ticket !== state.tickets.details) return;
    const r = data.stack?.resource ?? null;
    const node = findNode(name)?.node;
    state.detail = r;
    if (!r) {
      $('details-properties').textContent = '(removed from the current version)';
      $('details-attributes').textContent = '';
    } else {
      $('details-properties').textContent = fmtJson(r.properties);
      $('details-attributes').textContent = fmtJson(r.attributes);
    }
    // The node's live status (from events) may be newer than this read, so it is shown.
    if (node) renderDetailFields(name);
    $('details').dataset.loaded = 'true';
  } catch (error) {
    if (gen === state.gen && state.selected === name)
      $('details-properties').textContent = `Could not load: ${describe(error)}`;
  }
}

function renderDetailFields(key) {
  const found = findNode(key);
  if (!found) return;
  const { node, level, prefix } = found;
  const full = state.detail?.name === node.name ? state.detail : null;
  const link = (n) =>
    h('button', { type: 'button', class: 'link', onclick: () => void selectNode(joinKey(prefix, n)) }, n);
  const names = (list) => (list.length ? list.flatMap((n, i) => (i ? [', ', link(n)] : [link(n)])) : '—');
  const requires = full ? full.requires.map((x) => x.name) : node.requires;
  const neededBy = full
    ? full.neededBy.map((x) => x.name)
    : [...level.nodes.values()].filter((n) => n.requires.includes(node.name)).map((n) => n.name);
  const own = node.ghost ? null : level.owners.get(node.name);
  const expanded = state.views.has(key);
  const rows = [
    ['type', node.type || full?.type || (node.ghost ? '(removed)' : '')],
    ['status', h('span', { class: 'status-pill', dataset: { status: node.status } }, node.status)],
    ['statusReason', node.statusReason ?? '—'],
    // Kept after a rollback deleted or replaced the copy that failed (statusReason then moved on).
    ...(full?.failureReason ? [['failureReason', full.failureReason]] : []),
    ['observedReady', String(node.observedReady === true)],
    ['physicalResourceId', node.physicalResourceId ?? '—'],
    ['retryCount', full ? String(full.retryCount) : '…'],
    ['version', full ? String(full.version) : String((level.view?.stack ?? state.stack)?.version ?? '')],
    ['requires', names(requires)],
    ['neededBy', names(neededBy)],
    ...(prefix ? [['stack', level.stackName]] : []),
    ...(own
      ? [
          [
            'nestedStack',
            h(
              'span',
              {},
              own.name,
              ' ',
              h(
                'button',
                { type: 'button', id: 'details-expand', onclick: () => toggleExpand(key) },
                expanded ? 'Collapse' : 'Expand in place',
              ),
            ),
          ],
        ]
      : []),
  ];
  if (full)
    rows.push(['deletionPolicy', full.deletionPolicy], ['updatedAt', full.updatedAt], ['id', full.id]);
  $('details-fields').replaceChildren(
    ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { dataset: { field: k } }, v)]),
  );
}

function renderDetailEvents(key) {
  const found = findNode(key);
  const list = (found && found.level.eventsByName.get(found.node.name)) ?? [];
  const shown = list.slice(-300);
  $('details-events').replaceChildren(
    ...(list.length > shown.length
      ? [h('li', { class: 'muted' }, `… ${list.length - shown.length} older events`)]
      : []),
    ...shown.map((e) =>
      h(
        'li',
        { dataset: { sequence: e.sequence, status: e.status } },
        h('span', { class: 'seq' }, `#${e.sequence}`),
        ' ',
        h('time', { datetime: e.at }, fmtTime(e.at)),
        ' ',
        h('span', { class: 'status-pill', dataset: { status: e.status } }, e.status),
        ` v${e.version}`,
        e.observedReady ? ' · ready' : '',
        e.reason ? h('div', { class: 'reason' }, e.reason) : null,
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Versions and diffs

function renderVersions(versionChanged) {
  const s = state.stack;
  const versions = [...s.versions].sort((a, b) => a.number - b.number);
  $('version-table')
    .querySelector('tbody')
    .replaceChildren(
      ...versions.map((v) =>
        h(
          'tr',
          {
            dataset: { version: v.number, status: v.status },
            class: v.number === s.version ? 'current' : null,
          },
          h('td', {}, String(v.number)),
          h('td', {}, v.action + (v.rollbackOf != null ? ` → v${v.rollbackOf}` : '')),
          h('td', {}, v.status),
          h('td', { title: v.description ?? '' }, fmtTime(v.createdAt)),
        ),
      ),
    );
  const from = $('diff-from');
  const to = $('diff-to');
  const keepFrom = from.value;
  const keepTo = to.value;
  for (const select of [from, to]) {
    select.replaceChildren(
      ...versions.map((v) => h('option', { value: v.number }, `v${v.number} · ${v.action} · ${v.status}`)),
    );
  }
  if (versions.length < 2) {
    from.value = to.value = String(s.version);
    state.diff = null;
    $('diff').replaceChildren(h('li', { class: 'muted' }, 'Only one version so far.'));
    delete $('diff').dataset.from;
    delete $('diff').dataset.to;
    return;
  }
  if (state.diffChosen && keepFrom && keepTo) {
    from.value = keepFrom;
    to.value = keepTo;
    if (!state.diff) void loadDiff();
    return;
  }
  const wantFrom = String(s.version > 1 ? s.version - 1 : 1);
  const wantTo = String(s.version);
  const changed =
    wantFrom !== keepFrom ||
    wantTo !== keepTo ||
    versionChanged ||
    !state.diff ||
    awaitsRecord(state.diff, s.version);
  from.value = wantFrom;
  to.value = wantTo;
  if (changed) void loadDiff();
}

async function loadDiff() {
  const gen = state.gen;
  const from = Number($('diff-from').value);
  const to = Number($('diff-to').value);
  const list = $('diff');
  if (!from || !to) return;
  list.dataset.loading = 'true';
  const ticket = ++state.tickets.diff;
  try {
    /** @type {import('./operations.generated').StackDiffQuery} */
    const data = await request(DIFF_QUERY, { name: state.name, from, to });
    if (gen !== state.gen || ticket !== state.tickets.diff) return;
    state.diff = data.stack.diff;
    renderDiff();
  } catch (error) {
    if (gen !== state.gen || ticket !== state.tickets.diff) return;
    state.diff = null;
    list.replaceChildren(h('li', { class: 'error' }, `Could not diff v${from} → v${to}: ${describe(error)}`));
  } finally {
    delete list.dataset.loading;
  }
}

/** A diff of the current version some of whose changes are still the templates' guess, not the record. */
function awaitsRecord(diff, version) {
  return !!diff && diff.to === version && diff.changes.some((c) => !c.recorded && c.change !== 'REMOVED');
}

function renderDiff() {
  const d = state.diff;
  const list = $('diff');
  if (!d) return;
  list.dataset.from = String(d.from);
  list.dataset.to = String(d.to);
  const hide = $('diff-hide-unchanged').checked;
  const changes = [...d.changes].sort(
    (a, b) => CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) || a.name.localeCompare(b.name),
  );
  const counts = {};
  for (const c of changes) counts[c.change] = (counts[c.change] ?? 0) + 1;
  const summary = CHANGE_ORDER.filter((k) => counts[k])
    .map((k) => `${counts[k]} ${k.toLowerCase()}`)
    .join(', ');
  list.replaceChildren(
    h('li', { class: 'diff-summary' }, `v${d.from} → v${d.to}: ${summary || 'no resources'}`),
    ...changes
      .filter((c) => !hide || c.change !== 'UNCHANGED')
      .map((c) =>
        h(
          'li',
          {
            class: 'change',
            dataset: { resource: c.name, change: c.change, recorded: String(c.recorded) },
            title: c.recorded ? 'What the engine did' : 'Not applied yet: what the templates imply',
            onclick: () => void selectNode(c.name),
          },
          h('span', { class: 'badge', dataset: { change: c.change } }, c.change),
          ' ',
          h('span', { class: 'name' }, c.name),
          c.recorded ? null : h('span', { class: 'muted planned' }, ' (planned)'),
          c.properties.length ? h('span', { class: 'props' }, ` ${c.properties.join(', ')}`) : null,
          c.reason ? h('div', { class: 'reason' }, c.reason) : null,
        ),
      ),
  );
  markDiff();
}

function markDiff() {
  const d = state.diff;
  const current = d && state.stack && d.to === state.stack.version;
  graph.markChanges(current ? new Map(d.changes.map((c) => [c.name, c.change])) : null);
}

// ---------------------------------------------------------------------------------------------
// Tooltip (compact graphs have no labels)

function showTooltip(name, ev) {
  const tip = $('tooltip');
  if (!name || !graph.compact) {
    tip.hidden = true;
    return;
  }
  const node = findNode(name)?.node;
  tip.textContent = `${name} · ${node?.status ?? ''}`;
  const box = $('graph-wrap').getBoundingClientRect();
  tip.style.left = `${ev.clientX - box.left + $('graph-wrap').scrollLeft + 12}px`;
  tip.style.top = `${ev.clientY - box.top + $('graph-wrap').scrollTop + 12}px`;
  tip.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Wiring

function init() {
  $('token').value = getToken();
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setToken($('token').value.trim());
    reloadAll();
  });
  $('token-clear').addEventListener('click', () => {
    $('token').value = '';
    setToken('');
    reloadAll();
  });
  $('refresh-stacks').addEventListener('click', () => void loadStacks());
  $('include-deleted').addEventListener('change', () => {
    state.stacks = [];
    void loadStacks();
  });
  $('more-stacks').addEventListener('click', () => void loadStacks({ more: true }));
  $('details-close').addEventListener('click', closeDetails);
  $('zoom-in').addEventListener('click', () => graph.setZoom(graph.zoom * 1.25));
  $('zoom-out').addEventListener('click', () => graph.setZoom(graph.zoom / 1.25));
  $('zoom-fit').addEventListener('click', () => graph.setZoom(graph.fitZoom()));
  $('node-filter').addEventListener('input', applyFilter);
  $('node-filter').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    const first = matchingNodes()?.[0];
    if (first) void selectNode(first);
  });
  for (const id of ['diff-from', 'diff-to']) {
    $(id).addEventListener('change', () => {
      state.diffChosen = true;
      void loadDiff();
    });
  }
  $('diff-hide-unchanged').addEventListener('change', renderDiff);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && state.selected) closeDetails();
  });
  window.addEventListener('hashchange', () => {
    const name = hashStack();
    if (name && name !== state.name) void openStack(name);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void loadStacks();
  });

  closeStack();
  void loadStacks();
  const name = hashStack();
  if (name) void openStack(name);
}

function hashStack() {
  const m = /^#stack=(.+)$/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

function reloadAll() {
  clearError();
  void loadStacks();
  if (state.name) void openStack(state.name);
}

init();
