// NetZer dashboard: one WebSocket (/api/v1/live) brings a snapshot a second and the newest events.
// Plain browser JavaScript, no build step; the chart is uPlot, served from its WebJar.
(() => {
  'use strict';
  const MAX_ROWS = 200;
  const $ = (id) => document.getElementById(id);
  const state = { paused: false, held: [], socket: null, retry: 500, chart: null, lastStats: null, subscribed: false,
    panels: {} };

  // ---- formatting --------------------------------------------------------------------------------------------
  const SI = [['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12]];
  function si(value, unit, digits = 1) {
    let [prefix, scale] = SI[0];
    for (const [p, s] of SI) { if (Math.abs(value) >= s) { prefix = p; scale = s; } }
    const v = value / scale;
    return (scale === 1 ? Math.round(v).toString() : v.toFixed(v >= 100 ? 0 : digits)) + '\u2009' + prefix + unit;
  }
  const int = (n) => Math.round(n).toLocaleString('en-US');
  function bytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n.toString() : n.toFixed(n >= 100 ? 0 : 1)) + '\u2009' + units[i];
  }
  function duration(seconds) {
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24, m = Math.floor(seconds / 60) % 60;
    const s = seconds % 60;
    return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
  }
  function setText(id, text) { const el = $(id); if (el.textContent !== text) el.textContent = text; }

  // ---- theme and chart ---------------------------------------------------------------------------------------
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function makeChart() {
    const box = $('chart');
    if (state.chart) { state.chart.destroy(); }
    const axis = { stroke: css('--muted'), grid: { stroke: css('--line'), width: 1 }, ticks: { stroke: css('--line') },
      font: '12px ' + css('--font') };
    state.chart = new uPlot({
      width: box.clientWidth, height: box.clientHeight,
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
      scales: { x: { time: true }, pps: { range: (u, min, max) => [0, Math.max(10, max * 1.15)] },
        bps: { range: (u, min, max) => [0, Math.max(1000, max * 1.15)] } },
      series: [{},
        { label: 'packets/s', scale: 'pps', stroke: css('--accent'), width: 2,
          fill: css('--accent') + '22', points: { show: false } },
        { label: 'bits/s', scale: 'bps', stroke: css('--accent-2'), width: 1.5, points: { show: false } }],
      axes: [{ ...axis },
        { ...axis, scale: 'pps', size: 64, values: (u, v) => v.map((x) => si(x, '')) },
        { ...axis, scale: 'bps', side: 1, size: 80, grid: { show: false }, values: (u, v) => v.map((x) => si(x, 'b/s')) }],
    }, [[], [], []], box);
    if (state.lastStats) { updateChart(state.lastStats); }
  }
  function updateChart(stats) {
    const pps = stats.series.packetsPerSecond, bps = stats.series.bitsPerSecond, end = stats.series.endSecond;
    const xs = pps.map((_, i) => end - (pps.length - 1 - i));
    state.chart.setData([xs, pps, bps]);
  }
  function toggleTheme() {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('netzer-theme', next);
    makeChart();
    remakePanels();
  }

  // ---- snapshot ----------------------------------------------------------------------------------------------
  function pill(id, up, text) {
    const el = $(id);
    el.className = 'pill ' + (up ? 'up' : 'down');
    el.textContent = text;
  }
  function renderStats(s) {
    state.lastStats = s;
    const c = s.capture;
    setText('c-interface', `${c.interface} · ${c.linkType}${c.promiscuous ? ' · promisc' : ''}`);
    setText('c-filter', c.filter || 'none');
    setText('c-ring', `${c.ring.blockCount} × ${bytes(c.ring.blockSize)} · ${c.ring.blockTimeoutMillis} ms · snap ${c.snapshotLength}`);
    setText('c-workers', String(c.workers));
    setText('c-user', c.user ? `${c.user} (uid ${c.uid})` : 'root (not dropped yet)');
    pill('h-ready', s.health.ready, s.health.ready ? 'ready' : 'not ready');
    pill('h-live', s.health.live, s.health.live ? 'live' : 'stalled');
    $('h-live').title = 'Liveness: ' + s.health.state;
    setText('uptime', 'up ' + duration(s.uptimeSeconds));

    setText('k-pps', si(s.rates.packetsPerSecond, '', 1).trim());
    setText('k-packets', int(s.totals.packets) + ' packets');
    setText('k-bps', si(s.rates.bitsPerSecond, 'bit/s'));
    setText('k-bytes', bytes(s.totals.bytes) + ' captured');
    setText('k-drops', int(s.totals.kernelDrops));
    setText('k-freezes', `${int(s.totals.kernelFreezes)} ring freezes · ${int(s.totals.kernelReceived)} received`);
    $('kpi-drops').classList.toggle('alarm', s.totals.kernelDrops > 0);
    const flows = s.flows.active;
    setText('k-flows', flows === null ? '—' : int(flows));
    $('k-flows').classList.toggle('dim', flows === null);
    setText('k-flows-sub', flows === null ? 'flows not tracked'
      : `${int(s.flows.created)} created · ${int(s.flows.evicted)} evicted`);
    const decode = Object.values(s.decodeErrors).reduce((a, b) => a + b, 0);
    setText('k-decode', int(decode));
    setText('k-decode-sub', decode === 0 ? 'all packets decoded'
      : Object.entries(s.decodeErrors).map(([k, v]) => `${k.replaceAll('_', ' ')} ${int(v)}`).join(', '));
    setText('k-clients', int(s.streams.clients));
    setText('k-dropped', int(droppedBySlowClients(s)) + ' events dropped (slow clients)');

    updateChart(s);
    renderFlows(s.topFlows);
    renderPanels(s);
    renderProtocols(s.protocols);
    renderTop('talkers', s.talkers.map((t) => [t.address, t.bytes, bytes(t.bytes), int(t.packets)]), 3,
      'no IP traffic yet');
    renderTop('sni', s.serverNames.map((n) => [n.name, n.count, int(n.count)]), 2, 'no TLS or QUIC handshakes yet');
    renderTop('dns', s.dnsNames.map((n) => [n.name, n.count, int(n.count)]), 2, 'no DNS queries yet');
    renderFoot(s);
  }
  function renderProtocols(protocols) {
    const box = $('protocols');
    const total = protocols.reduce((a, p) => a + p.packets, 0);
    if (box.children.length !== protocols.length) {
      box.replaceChildren(...protocols.map((p) => {
        const row = document.createElement('div');
        row.className = 'bar-row';
        row.innerHTML = '<span class="p"></span><span class="track"><span class="fill" style="width:0"></span></span><span class="n"></span>';
        row.querySelector('.p').textContent = p.protocol;
        return row;
      }));
    }
    protocols.forEach((p, i) => {
      const row = box.children[i];
      const share = total === 0 ? 0 : (100 * p.packets) / total;
      row.querySelector('.fill').style.width = share.toFixed(1) + '%';
      const text = `${share.toFixed(share > 0 && share < 10 ? 1 : 0)}% · ${si(p.packets, '')}`;
      if (row.querySelector('.n').textContent !== text) row.querySelector('.n').textContent = text;
    });
  }
  // rows updated in place: a tick adds no node unless the list grew
  function renderTop(id, rows, columns, empty) {
    const body = $(id);
    if (rows.length === 0) {
      if (!body.querySelector('.empty')) {
        body.innerHTML = `<tr><td class="empty" colspan="${columns}"></td></tr>`;
        body.querySelector('td').textContent = empty;
      }
      return;
    }
    if (body.querySelector('.empty')) body.replaceChildren();
    while (body.children.length < rows.length) {
      const tr = document.createElement('tr');
      const first = document.createElement('td');
      first.innerHTML = '<span class="share"></span><span class="t"></span>';
      tr.append(first);
      for (let c = 1; c < columns; c++) {
        const td = document.createElement('td');
        td.className = 'num';
        tr.append(td);
      }
      body.append(tr);
    }
    while (body.children.length > rows.length) body.lastElementChild.remove();
    const max = rows[0][1] || 1;
    rows.forEach(([name, weight, ...cells], i) => {
      const tr = body.children[i];
      const first = tr.children[0];
      first.title = name;
      first.querySelector('.share').style.width = ((100 * weight) / max).toFixed(1) + '%';
      const t = first.querySelector('.t');
      if (t.textContent !== name) t.textContent = name;
      cells.forEach((cell, c) => { const td = tr.children[c + 1]; if (td.textContent !== cell) td.textContent = cell; });
    });
  }

  // ---- on-call panels: top flows, DNS / HTTP / TLS outcomes and drops over time --------------------------------
  const FLOW_ROWS = 10;
  const FLOW_COLUMNS = 8;
  const PANELS = {
    dns: (s) => s.dnsResponseCodes,
    http: (s) => s.httpStatusClasses,
    tls: (s) => s.tlsVersions,
    drops: (s) => [{ name: 'kernel drops', total: s.totals.kernelDrops, perSecond: s.series.kernelDrops },
      { name: 'events dropped', total: droppedBySlowClients(s), perSecond: s.series.eventsDropped }],
  };
  // the classes an on-call engineer looks for first get the warning colours
  const COLOURS = { NOERROR: '--s1', NXDOMAIN: '--s2', SERVFAIL: '--s3', REFUSED: '--s4', other: '--s5',
    '1xx': '--s5', '2xx': '--s6', '3xx': '--s1', '4xx': '--s2', '5xx': '--s3', 'no response': '--s4',
    'TLS 1.3': '--s6', 'TLS 1.2': '--s1', 'TLS 1.1': '--s2', 'TLS 1.0': '--s3', 'SSL 3.0': '--s7',
    'not negotiated': '--s4', 'kernel drops': '--s3', 'events dropped': '--s2' };
  const REASONS = { active_timeout: 'ongoing', idle_timeout: 'idle timeout', closed: 'ended', evicted: 'evicted',
    end_of_capture: 'capture ended' };
  function droppedBySlowClients(s) {
    return Object.entries(s.streams.dropped).filter(([k]) => k !== 'names').reduce((a, [, v]) => a + v, 0);
  }
  function makePanel(id, series) {
    const card = $('panel-' + id);
    const box = card.querySelector('.mini-chart');
    if (state.panels[id]) state.panels[id].chart.destroy();
    const axis = { stroke: css('--muted'), grid: { stroke: css('--line'), width: 1 }, ticks: { stroke: css('--line') },
      font: '11px ' + css('--font') };
    const chart = new uPlot({
      width: box.clientWidth, height: box.clientHeight,
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] } },
      series: [{}, ...series.map((c) => ({ label: c.name, stroke: css(COLOURS[c.name] || '--s5'), width: 1.5,
        points: { show: false } }))],
      axes: [{ ...axis }, { ...axis, size: 44, values: (u, v) => v.map((x) => si(x, '')) }],
    }, [[], ...series.map(() => [])], box);
    const legend = card.querySelector('.mini-legend');
    legend.replaceChildren(...series.map((c) => {
      const item = document.createElement('span');
      item.className = 'item';
      const swatch = document.createElement('span');
      swatch.className = 'sw';
      swatch.style.background = css(COLOURS[c.name] || '--s5');
      item.append(swatch, document.createTextNode(c.name), document.createElement('b'));
      return item;
    }));
    state.panels[id] = { chart, names: series.map((c) => c.name).join('|') };
  }
  function renderPanels(s) {
    const end = s.series.endSecond;
    for (const [id, pick] of Object.entries(PANELS)) {
      const series = pick(s);
      if (!state.panels[id] || state.panels[id].names !== series.map((c) => c.name).join('|')) makePanel(id, series);
      const n = series[0].perSecond.length;
      state.panels[id].chart.setData([series[0].perSecond.map((_, i) => end - (n - 1 - i)),
        ...series.map((c) => c.perSecond)]);
      const items = $('panel-' + id).querySelectorAll('.mini-legend b');
      series.forEach((c, i) => { const text = int(c.total); if (items[i].textContent !== text) items[i].textContent = text; });
    }
  }
  function remakePanels() {
    for (const id of Object.keys(state.panels)) { state.panels[id].chart.destroy(); }
    state.panels = {};
    if (state.lastStats) renderPanels(state.lastStats);
  }
  function flowTable() {
    const body = $('flows');
    if (body.children.length === 0) {
      for (let i = 0; i < FLOW_ROWS; i++) {
        const tr = document.createElement('tr');
        for (let c = 0; c < FLOW_COLUMNS; c++) {
          const td = document.createElement('td');
          if (c >= 3 && c !== 6) td.className = 'num';
          tr.append(td);
        }
        tr.hidden = true;
        tr.addEventListener('click', () => { if (tr.dataset.filter) filterTo(tr.dataset.filter); });
        body.append(tr);
      }
      const empty = document.createElement('tr');
      empty.innerHTML = `<td class="empty" colspan="${FLOW_COLUMNS}"></td>`;
      empty.firstChild.textContent = 'no flow yet: a flow shows while it runs (its counts so far), and after it ends';
      body.append(empty);
    }
    return body;
  }
  function seconds(s) {
    return s < 60 ? s.toFixed(s < 10 ? 2 : 1) + '\u2009s' : duration(Math.round(s));
  }
  function renderFlows(flows) {
    const body = flowTable();
    const applied = $('filter').value.trim();
    for (let i = 0; i < FLOW_ROWS; i++) {
      const tr = body.children[i];
      const f = flows[i];
      tr.hidden = !f;
      if (!f) { delete tr.dataset.filter; continue; }
      const reason = f.live ? 'live' : REASONS[f.endReason] || f.endReason;
      const cells = [endpoint({ ip: f.source, port: f.sourcePort }), endpoint({ ip: f.destination, port: f.destinationPort }),
        f.transport, bytes(f.bytes), int(f.packets), seconds(f.durationSeconds),
        reason === 'ended' ? f.state : `${f.state} · ${reason}`,
        f.transport !== 'tcp' || f.retransmittedBytes === null ? '—' : bytes(f.retransmittedBytes)];
      cells.forEach((text, c) => {
        const td = tr.children[c];
        if (td.textContent !== text) { td.textContent = text; td.title = text; }
      });
      tr.children[7].classList.toggle('warn', f.retransmittedBytes > 0);
      tr.dataset.filter = f.filter;
      tr.title = 'show the live events of this flow: ' + f.filter;
      tr.classList.toggle('selected', f.filter === applied);
    }
    body.lastElementChild.hidden = flows.length > 0;
  }
  // a row's filter, in tcpdump's language, becomes the live events' filter: NetZer compiles and runs it
  function filterTo(expression) {
    $('filter').value = expression;
    subscribe();
    $('events').closest('section').scrollIntoView({ block: 'start' });
  }

  function renderFoot(s) {
    const dropped = Object.entries(s.streams.dropped).map(([k, v]) => `${k} ${int(v)}`).join(', ') || 'none';
    $('foot').innerHTML = '';
    const items = [['ring waits in epoll', int(s.ring.waits)],
      ['blocks retired', `${int(s.ring.blocksRetiredByTimeout)} by timeout, ${int(s.ring.blocksRetiredFull)} full`],
      ['sequence gaps', int(s.ring.sequenceGaps)], ['events dropped by sink', dropped], ['updated', new Date(s.time).toLocaleTimeString()]];
    for (const [k, v] of items) {
      const span = document.createElement('span');
      span.textContent = k + ' ';
      const b = document.createElement('b');
      b.textContent = v;
      span.append(b);
      $('foot').append(span);
    }
  }

  // ---- events ------------------------------------------------------------------------------------------------
  function endpoint(side) {
    if (!side) return '';
    if (side.ip) {
      const ip = side.ip.includes(':') && side.port !== undefined ? `[${side.ip}]` : side.ip;
      return side.port !== undefined ? `${ip}:${side.port}` : ip;
    }
    return side.mac || '';
  }
  function info(e, type) {
    const n = e.netzer || {};
    switch (type) {
      case 'tls': return [e.tls?.client?.server_name, e.tls?.client?.alpn && `alpn ${[].concat(e.tls.client.alpn).join(',')}`, e.tls?.client?.ja4].filter(Boolean).join('  ');
      case 'dns': return [e.dns?.type, e.dns?.question?.name, e.dns?.question?.type, e.dns?.response_code].filter(Boolean).join(' ');
      case 'http': return [e.http?.request?.method, (e.url?.domain || '') + (e.url?.path || '')].filter(Boolean).join(' ');
      case 'flow': return [n.flow?.state, n.flow?.end_reason, e.source?.packets !== undefined && `${e.source.packets}/${e.destination?.packets ?? 0} pkts`, e.event?.duration !== undefined && `${(e.event.duration / 1e9).toFixed(2)} s`].filter(Boolean).join('  ');
      default:
        if (n.tcp) return `[${n.tcp.flags}] seq ${n.tcp.seq} ack ${n.tcp.ack} win ${n.tcp.window}`;
        if (n.icmp) return `type ${n.icmp.type} code ${n.icmp.code}`;
        if (n.arp) return `arp op ${n.arp.operation} ${n.arp.sender_ip || ''} → ${n.arp.target_ip || ''}`;
        return n.decode_error ? `malformed: ${n.decode_error}` : '';
    }
  }
  function eventRow(line) {
    const e = typeof line === 'string' ? JSON.parse(line) : line;
    const type = (e.event?.dataset || '').replace('netzer.', '');
    const ts = e['@timestamp'] ? new Date(e['@timestamp']) : null;
    const time = ts ? ts.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(ts.getMilliseconds()).padStart(3, '0') : '';
    const proto = e.network?.protocol || e.network?.transport || e.network?.type || '';
    const tr = document.createElement('tr');
    tr.className = 'fresh';
    const cells = [time, null, endpoint(e.source), endpoint(e.destination), proto,
      e.network?.bytes !== undefined ? int(e.network.bytes) : '', info(e, type)];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      if (i === 1) {
        const badge = document.createElement('span');
        badge.className = 'ds ds-' + type;
        badge.textContent = type;
        td.append(badge);
      } else {
        td.textContent = text;
        td.title = text;
      }
      if (i === 5) td.className = 'num';
      tr.append(td);
    });
    return tr;
  }
  function addEvents(events) {
    if (!events || events.length === 0) return;
    if (state.paused) {
      state.held = state.held.concat(events).slice(-MAX_ROWS);
      setStatus(`paused: ${state.held.length} new events held`, false);
      return;
    }
    const body = $('events');
    const fragment = document.createDocumentFragment();
    for (let i = events.length - 1; i >= Math.max(0, events.length - MAX_ROWS); i--) {
      fragment.append(eventRow(events[i]));
    }
    body.prepend(fragment);
    while (body.children.length > MAX_ROWS) body.lastElementChild.remove();
  }
  function setStatus(text, error) {
    const el = $('filter-status');
    el.textContent = text;
    el.className = 'filter-status' + (error ? ' error' : '');
  }
  function selectedTypes() {
    return [...document.querySelectorAll('#types input:checked')].map((i) => i.value);
  }
  function subscribe() {
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) return;
    const types = selectedTypes();
    state.socket.send(JSON.stringify({ types: types.length ? types : ['packet'], filter: $('filter').value.trim() }));
  }

  // ---- connection --------------------------------------------------------------------------------------------
  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/live';
    const socket = new WebSocket(url);
    state.socket = socket;
    socket.onopen = () => { state.retry = 500; pill('h-conn', true, 'connected'); subscribe(); };
    socket.onmessage = (message) => {
      const m = JSON.parse(message.data);
      if (m.type === 'snapshot') {
        renderStats(m.stats);
        addEvents(m.events);
      } else if (m.type === 'subscribed') {
        if (state.subscribed) { $('events').replaceChildren(); }
        state.subscribed = true;
        setStatus(m.filter ? `showing ${m.types.join(', ')} events matching “${m.filter}”` : `showing ${m.types.join(', ') || 'all'} events`, false);
        // the download takes the filter NetZer accepted, never one it refused
        $('pcap').href = '/api/v1/pcap?seconds=30' + (m.filter ? '&filter=' + encodeURIComponent(m.filter) : '');
      } else if (m.type === 'error') {
        setStatus(m.message, true);
      }
    };
    socket.onclose = (event) => {
      pill('h-conn', false, event.code === 1008 ? 'dropped: too slow' : 'reconnecting');
      setTimeout(connect, state.retry);
      state.retry = Math.min(state.retry * 2, 10000);
    };
    socket.onerror = () => { /* onclose follows and reconnects */ };
  }

  $('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    $('pause').textContent = state.paused ? 'Resume' : 'Pause';
    $('pause').classList.toggle('paused', state.paused);
    if (!state.paused) {
      const held = state.held;
      state.held = [];
      addEvents(held);
      subscribe();
    }
  });
  $('filter-form').addEventListener('submit', (event) => { event.preventDefault(); subscribe(); });
  document.querySelectorAll('#types input').forEach((box) => box.addEventListener('change', subscribe));
  $('theme').addEventListener('click', toggleTheme);
  new ResizeObserver(() => state.chart && state.chart.setSize({ width: $('chart').clientWidth, height: $('chart').clientHeight }))
    .observe($('chart'));
  new ResizeObserver(() => {
    for (const [id, panel] of Object.entries(state.panels)) {
      const box = $('panel-' + id).querySelector('.mini-chart');
      panel.chart.setSize({ width: box.clientWidth, height: box.clientHeight });
    }
  }).observe(document.querySelector('.grid4'));
  makeChart();
  connect();
})();
