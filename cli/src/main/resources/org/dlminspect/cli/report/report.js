  // dlm-inspect report: draws the report model (JSON in #report-data) as HTML and SVG.
  // Only DOM text nodes and attributes are used for data: capture bytes never become markup.
  // HtmlReport joins this file and report-locks.js into one function scope and calls start() last.
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var O = D.overview;
  var NS = 'http://www.w3.org/2000/svg';
  var W = 960, PAD_L = 64, PAD_R = 64, PAD_T = 26, PAD_B = 28;
  var state = { view: null, pair: 'all', ladder: 0 };
  var charts = [];

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    for (var i = 2; i < arguments.length; i++) append(e, arguments[i]);
    return e;
  }
  function sv(tag, attrs) {
    var e = document.createElementNS(NS, tag);
    setAttrs(e, attrs);
    for (var i = 2; i < arguments.length; i++) append(e, arguments[i]);
    return e;
  }
  function setAttrs(e, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, String(attrs[k])); });
  }
  function append(e, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(e, x); }); return; }
    e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  function rel(ns) { return (ns / 1e9).toFixed(Math.abs(ns) < 1e10 ? 3 : 1) + ' s'; }
  function clock(ns, precise) {
    var iso = new Date(O.t0ms + Math.floor(ns / 1e6)).toISOString();
    return precise ? iso.replace('T', ' ').replace('Z', ' UTC') : iso.substring(11, 23);
  }
  function duration(ns) {
    if (ns < 1e6) return (ns / 1e3).toFixed(0) + ' \u00b5s';
    if (ns < 1e9) return (ns / 1e6).toFixed(1) + ' ms';
    return (ns / 1e9).toFixed(2) + ' s';
  }
  function bucketMid(b) { return (b + 0.5) * O.bucket; }
  function fullRange() { return [0, Math.max(O.buckets, 1) * O.bucket]; }
  function view() { return state.view || fullRange(); }
  function pairOf(directionId) {
    for (var i = 0; i < D.pairs.length; i++) {
      var p = D.pairs[i];
      for (var j = 0; j < p.directions.length; j++) if (p.directions[j].id === directionId) return p.id;
    }
    return null;
  }
  function niceStep(span, n) {
    var raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  function shortNum(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + 'G';
    if (a >= 1e6) return (v / 1e6).toFixed(1) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(0) + 'k';
    return String(Math.round(v * 100) / 100);
  }

  // ------------------------------------------------------------------ charts
  // spec: { id, title, height, series: [{name, points: [[x, y]], axis: 0|1, style: 'line'|'bars'|'dots', x: 'bucket'|'time'}],
  //         bands: [{x0, x1, severity, title, href}], marks: [{x, severity, title, href}], units: [left, right] }
  function chart(spec) {
    var box = el('div', { 'class': 'chart', 'data-chart': spec.id, 'data-pair': spec.pair || null });
    box.appendChild(el('h4', null, spec.title));
    var legend = el('div', { 'class': 'legend' });
    spec.series.forEach(function (s, i) { legend.appendChild(el('span', { 'class': 'c' + i }, s.name + (spec.units && spec.units[s.axis] ? ' (' + spec.units[s.axis] + ')' : ''))); });
    box.appendChild(legend);
    var holder = el('div');
    var readout = el('div', { 'class': 'readout' }, '\u00a0');
    box.appendChild(holder);
    box.appendChild(readout);
    var c = { spec: spec, holder: holder, readout: readout };
    charts.push(c);
    draw(c);
    return box;
  }

  function draw(c) {
    var spec = c.spec, H = spec.height || 170;
    var v = view(), x0 = v[0], x1 = v[1];
    var plotW = W - PAD_L - PAD_R, plotH = H - PAD_T - PAD_B;
    function X(t) { return PAD_L + (t - x0) / (x1 - x0) * plotW; }
    var maxY = [0, 0];
    var pts = spec.series.map(function (s) {
      return s.points.map(function (p) { return [s.x === 'time' ? p[0] : bucketMid(p[0]), p[1]]; });
    });
    pts.forEach(function (ps, i) {
      var a = spec.series[i].axis || 0;
      ps.forEach(function (p) { if (p[0] >= x0 && p[0] <= x1 && p[1] > maxY[a]) maxY[a] = p[1]; });
    });
    var minY = [spec.min0 === false ? Infinity : 0, spec.min0 === false ? Infinity : 0];
    if (spec.min0 === false) {
      pts.forEach(function (ps, i) {
        var a = spec.series[i].axis || 0;
        ps.forEach(function (p) { if (p[0] >= x0 && p[0] <= x1 && p[1] < minY[a]) minY[a] = p[1]; });
      });
      minY = minY.map(function (m) { return m === Infinity ? 0 : m; });
    }
    // round each axis out to a nice step (1, 2 or 5 times a power of ten), four or five ticks
    var stepY = [0, 1].map(function (a) {
      var st = niceStep(Math.max(maxY[a] - minY[a], 1), 4);
      minY[a] = Math.floor(minY[a] / st) * st;
      maxY[a] = Math.max(minY[a] + st, Math.ceil(maxY[a] / st) * st);
      return st;
    });
    function Y(val, a) {
      return PAD_T + plotH - (val - minY[a]) / (maxY[a] - minY[a]) * plotH;
    }
    var root = sv('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': spec.title,
      'data-series': spec.series.length });
    var clipId = 'clip-' + spec.id;
    root.appendChild(sv('defs', null, sv('clipPath', { id: clipId }, sv('rect', { x: PAD_L, y: PAD_T - 8, width: plotW, height: plotH + 8 }))));
    // time axes: relative below, clock above
    var step = niceStep(x1 - x0, 8);
    for (var t = Math.ceil(x0 / step) * step; t <= x1; t += step) {
      var x = X(t);
      root.appendChild(sv('line', { 'class': 'grid', x1: x, x2: x, y1: PAD_T, y2: PAD_T + plotH }));
      root.appendChild(sv('text', { x: x, y: H - 10, 'text-anchor': 'middle' }, '+' + rel(t)));
      root.appendChild(sv('text', { x: x, y: 12, 'text-anchor': 'middle' }, clock(t)));
    }
    [0, 1].forEach(function (a) {
      if (!spec.series.some(function (s) { return (s.axis || 0) === a; })) return;
      for (var val = minY[a]; val <= maxY[a] + stepY[a] / 2; val += stepY[a]) {
        var y = Y(val, a);
        if (a === 0) root.appendChild(sv('line', { 'class': 'grid', x1: PAD_L, x2: PAD_L + plotW, y1: y, y2: y }));
        root.appendChild(sv('text', { x: a === 0 ? PAD_L - 6 : PAD_L + plotW + 6, y: y + 3, 'text-anchor': a === 0 ? 'end' : 'start' }, shortNum(val)));
      }
    });
    root.appendChild(sv('line', { 'class': 'axis', x1: PAD_L, x2: PAD_L + plotW, y1: PAD_T + plotH, y2: PAD_T + plotH }));
    var g = sv('g', { 'clip-path': 'url(#' + clipId + ')' });
    (spec.bands || []).forEach(function (b) {
      var bx0 = X(b.x0), bx1 = Math.max(X(b.x1), bx0 + 3);
      var r = sv('rect', { 'class': 'band ' + b.cls, x: bx0 - 1.5, y: PAD_T, width: bx1 - bx0 + 1.5, height: plotH, 'data-episode': b.id, 'data-recovery': b.recovery, 'data-first': b.x0, 'data-last': b.x1 }, sv('title', null, b.title));
      g.appendChild(b.href ? sv('a', { href: b.href }, r) : r);
    });
    pts.forEach(function (ps, i) {
      var s = spec.series[i], a = s.axis || 0, cls = 'c' + i, d = [], n = 0;
      if (s.style === 'dots') {
        var dots = sv('g', { 'class': 'series dots ' + cls, 'data-name': s.name, 'data-points': ps.length });
        ps.forEach(function (p) { dots.appendChild(sv('circle', { 'class': 'dot ' + cls, cx: X(p[0]), cy: Y(p[1], a), r: 2.6 }, sv('title', null, s.name + ' ' + p[1] + ' at +' + rel(p[0])))); });
        g.appendChild(dots);
        return;
      }
      var prev = null, total = 0;
      ps.forEach(function (p) {
        total += p[1];
        var x = X(p[0]).toFixed(1), y = Y(p[1], a).toFixed(1);
        if (s.style === 'bars') { d.push('M' + x + ' ' + Y(minY[a], a).toFixed(1) + 'V' + y); n++; return; }
        var joined = prev !== null && s.points[n][0] - prev <= 1;
        if (!joined && prev !== null && d.length && d[d.length - 1].charAt(0) === 'M') d.push('l0.1 0'); // a lone point stays visible
        d.push((joined ? 'L' : 'M') + x + ' ' + y);
        prev = s.points[n][0];
        n++;
      });
      g.appendChild(sv('path', { 'class': (s.style === 'bars' ? 'bars ' : 'series ') + cls, d: d.join(''), 'data-name': s.name, 'data-points': ps.length, 'data-total': total }));
    });
    (spec.marks || []).forEach(function (m) {
      var a = sv('a', { href: m.href }, sv('circle', { 'class': 'mark ' + m.severity, cx: X(m.x), cy: PAD_T - 2, r: 4.2, 'data-finding': m.index }, sv('title', null, m.title)));
      g.appendChild(a);
    });
    root.appendChild(g);
    var cursor = sv('line', { 'class': 'cursor', x1: -10, x2: -10, y1: PAD_T, y2: PAD_T + plotH });
    var brush = sv('rect', { 'class': 'brush', x: 0, y: PAD_T, width: 0, height: plotH });
    root.appendChild(cursor);
    root.appendChild(brush);
    interact(c, root, X, cursor, brush, plotW, x0, x1);
    c.holder.replaceChildren(root);
  }

  function interact(c, root, X, cursor, brush, plotW, x0, x1) {
    var start = null;
    function toTime(evt) {
      var r = root.getBoundingClientRect(), px = (evt.clientX - r.left) * W / r.width;
      return { px: px, t: x0 + (px - PAD_L) / plotW * (x1 - x0) };
    }
    root.addEventListener('mousemove', function (evt) {
      var p = toTime(evt);
      cursor.setAttribute('x1', p.px); cursor.setAttribute('x2', p.px);
      if (start) { brush.setAttribute('x', Math.min(start.px, p.px)); brush.setAttribute('width', Math.abs(p.px - start.px)); }
      var b = Math.floor(p.t / O.bucket), parts = ['+' + rel(p.t), clock(p.t)];
      c.spec.series.forEach(function (s) {
        if (s.x === 'time') return;
        var hit = s.points.find(function (q) { return q[0] === b; });
        parts.push(s.name + ': ' + (hit ? num(hit[1]) : (s.style === 'bars' ? 0 : '-')));
      });
      c.readout.textContent = parts.join('   ');
    });
    root.addEventListener('mousedown', function (evt) { start = toTime(evt); evt.preventDefault(); });
    root.addEventListener('mouseup', function (evt) {
      if (!start) return;
      var p = toTime(evt), a = Math.min(start.t, p.t), b = Math.max(start.t, p.t);
      start = null;
      brush.setAttribute('width', 0);
      if (Math.abs(X(b) - X(a)) > 6) zoom([a, b]);
    });
    root.addEventListener('mouseleave', function () { start = null; brush.setAttribute('width', 0); });
    root.addEventListener('dblclick', function () { zoom(null); });
  }

  function zoom(range) {
    if (range) {
      var min = O.bucket * 4;
      if (range[1] - range[0] < min) range = [range[0], range[0] + min];
    }
    state.view = range;
    charts.forEach(draw);
    document.getElementById('zoom-state').textContent = range ? 'showing +' + rel(range[0]) + ' .. +' + rel(range[1]) : 'whole capture';
  }

  // ------------------------------------------------------------------ sections
  function header() {
    var worst = O.worst;
    return [
      el('h1', null, 'DLM capture report'),
      el('div', { 'class': 'muted' }, O.sources.join(', ')),
      el('div', { 'class': 'verdict ' + worst, id: 'verdict' }, O.verdict)
    ];
  }

  function overview() {
    var span = O.last - O.first, rows = [
      ['Capture', O.sources.join(', ')],
      ['Start', clock(O.first, true)],
      ['End', clock(O.last, true) + '  (' + duration(Math.max(span, 0)) + ')'],
      ['Frames / DLM messages', num(O.frames) + ' / ' + num(O.messages)],
      ['Nodes', O.nodes.length ? O.nodes.join(', ') : 'none seen'],
      ['Node pairs', String(D.pairs.length)],
      ['Lockspaces', O.lockspaces.length ? O.lockspaces.map(function (l) { return (l.name ? l.name + ' ' : '') + '0x' + l.id.toString(16) + ' (' + num(l.messages) + ' messages)'; }).join(', ') : 'none seen'],
      ['Findings', num(O.errors) + ' errors, ' + num(O.warnings) + ' warnings, ' + num(O.notes) + ' notes, ' + num(O.chats) + ' chats'],
      ['Coverage', O.captureGaps ? num(O.captureGaps) + ' byte ranges the capture missed (' + num(O.captureGapBytes) + ' bytes)' : 'no TCP bytes missing from the capture'],
      ['Chart interval', duration(O.bucket) + ' (' + O.buckets + ' intervals)']
    ];
    var table = el('table', { id: 'overview' });
    rows.forEach(function (r) { table.appendChild(el('tr', null, el('th', null, r[0]), el('td', null, r[1]))); });
    var pairs = el('table', { id: 'pairs' }, el('tr', null, ['direction', 'messages', 'bytes', 'seqs', 'retrans.', 'gaps', 'unacked at end', 'ACK latency median / max', 'end state'].map(function (h, i) { return el('th', { 'class': i ? 'num' : null }, h); })));
    D.pairs.forEach(function (p) {
      p.directions.forEach(function (d) {
        var s = d.summary;
        pairs.appendChild(el('tr', { 'data-pair': p.id }, el('td', null, d.label),
          [num(s.messages), num(s.bytes), s.firstSeq < 0 ? '-' : s.firstSeq + '..' + s.lastSeq, num(s.retransmissions), num(s.gaps), num(s.unackedAtEnd),
            s.ackMedianNs < 0 ? '-' : duration(s.ackMedianNs) + ' / ' + duration(s.ackMaxNs), s.state].map(function (v) { return el('td', { 'class': 'num' }, v); })));
      });
      pairs.appendChild(el('tr', { 'data-pair': p.id }, el('td', { 'class': 'muted', colspan: 9 }, p.label + ': ' + p.connections + ' connections, ' + p.reconnects + ' reconnects, ' + num(p.refused) + ' refused connects')));
    });
    var out = [el('h2', null, 'Overview'), table, el('h3', null, 'Node pairs'), pairs];
    if (O.limits.length) out.push(el('ul', { 'class': 'muted' }, O.limits.map(function (l) { return el('li', null, l); })));
    return out;
  }

  function controls() {
    var select = el('select', { id: 'pair-filter' }, el('option', { value: 'all' }, 'all node pairs'),
      D.pairs.map(function (p) { return el('option', { value: p.id }, p.label); }));
    select.addEventListener('change', function () { state.pair = select.value; applyFilter(); });
    var reset = el('button', { type: 'button', id: 'zoom-reset' }, 'whole capture');
    reset.addEventListener('click', function () { zoom(null); });
    return el('div', { 'class': 'controls' }, el('label', null, 'Node pair ', select), reset,
      el('span', { id: 'zoom-state', 'class': 'muted' }, 'whole capture'),
      el('span', { 'class': 'muted' }, 'drag across a chart to zoom, double-click to reset'));
  }

  function applyFilter() {
    document.querySelectorAll('[data-pair]').forEach(function (e) {
      e.classList.toggle('hidden', state.pair !== 'all' && e.getAttribute('data-pair') !== state.pair);
    });
  }

  function bandsFor(directionId) {
    var out = D.episodes.filter(function (e) { return directionId === null || !e.direction || e.direction === directionId; }).map(function (e) {
      return { id: e.id, x0: e.bandFirst, x1: e.bandLast, cls: 'k-' + e.kind + ' ' + e.severity, href: '#episode-' + e.id,
        title: 'episode ' + e.id + ' (' + e.label + ', ' + e.severity + ', +' + rel(e.bandFirst) + (e.bandLast > e.bandFirst ? ' .. +' + rel(e.bandLast) : '') + '): ' + e.summary };
    });
    ((D.locks.available && D.locks.recoveries) || []).forEach(function (r, i) {
      out.push({ recovery: i, x0: r.start, x1: r.end, cls: 'recovery', href: '#recovery-' + i,
        title: 'recovery of lockspace 0x' + r.lockspace.toString(16) + ' (' + (r.complete ? 'complete' : 'unfinished') + ', ' + duration(r.duration) + '): ' + r.phases.map(function (p) { return p.name; }).join(', ') });
    });
    return out;
  }
  function marksFor(directionId) {
    return D.findings.filter(function (f) { return f.direction === directionId; }).map(function (f) {
      return { index: f.index, x: f.time, severity: f.severity, href: '#finding-' + f.index, title: f.severity + ' ' + f.code + ' (frame ' + (f.frames.length ? f.frames[0] : f.frame) + '): ' + f.message };
    });
  }

  function timelines() {
    var out = [el('h2', null, 'Traffic timeline')];
    out.push(el('p', { 'class': 'muted' }, 'Messages and bytes per interval in each direction. Bands are episodes (click one for its row in the episode table), dots above the plot are findings (click one for its details).'));
    var kinds = {};
    D.episodes.forEach(function (e) { kinds[e.kind] = e.label; });
    var keys = Object.keys(kinds), box = el('div', { id: 'timeline' });
    out.push(box);
    if (keys.length || (D.locks.available && D.locks.recoveries.length)) {
      box.appendChild(el('div', { 'class': 'legend', id: 'band-legend' }, el('span', { 'class': 'muted' }, 'bands:'),
        keys.map(function (k) { return el('span', { 'class': 'kind k-' + k }, kinds[k]); }),
        D.locks.available && D.locks.recoveries.length ? el('span', { 'class': 'kind recovery' }, 'recovery') : null));
    }
    D.pairs.forEach(function (p) {
      var sec = el('section', { 'data-pair': p.id }, el('h3', null, p.label));
      p.directions.forEach(function (d) {
        sec.appendChild(chart({ id: 'traffic-' + d.id, pair: p.id, title: d.label + ': messages and bytes per ' + duration(O.bucket),
          units: ['messages', 'bytes'],
          series: [{ name: 'messages', points: d.messages, axis: 0, style: 'bars' }, { name: 'bytes', points: d.bytes, axis: 1, style: 'line' }],
          bands: bandsFor(d.id), marks: marksFor(d.id) }));
      });
      box.appendChild(sec);
    });
    return out;
  }

  function sequences() {
    var out = [el('h2', null, 'Sequence progress and ACK latency')];
    out.push(el('p', { 'class': 'muted' }, 'Highest midcomms seq sent and highest seq the receiver ACKed per interval; red dots are retransmitted seqs. ACK latency: time from a message crossing the capture point to the first ACK covering it.'));
    D.pairs.forEach(function (p) {
      var sec = el('section', { 'data-pair': p.id }, el('h3', null, p.label));
      p.directions.forEach(function (d) {
        if (!d.seqSent.length && !d.seqAcked.length) return;
        sec.appendChild(chart({ id: 'seq-' + d.id, pair: p.id, title: d.label + ': sequence numbers', min0: false,
          series: [{ name: 'seq sent', points: d.seqSent, style: 'line' }, { name: 'seq ACKed', points: d.seqAcked, style: 'line' },
            { name: 'retransmitted', points: d.retransmitted, style: 'dots', x: 'time' }],
          bands: bandsFor(d.id) }));
        if (d.latencyMean.length) {
          sec.appendChild(chart({ id: 'latency-' + d.id, pair: p.id, title: d.label + ': ACK latency', units: ['\u00b5s'], height: 140,
            series: [{ name: 'mean', points: d.latencyMean, style: 'line' }, { name: 'max', points: d.latencyMax, style: 'line' }],
            bands: bandsFor(d.id) }));
        }
      });
      out.push(sec);
    });
    return out;
  }

  function ladders() {
    var out = [el('h2', null, 'Message ladders')];
    if (!D.ladders.length) { out.push(el('p', { 'class': 'muted', id: 'no-ladders' }, 'No findings with messages around them.')); return out; }
    out.push(el('p', { 'class': 'muted' }, 'The messages and TCP events around findings, one vertical line per node (as Wireshark\u2019s Flow Graph). Red arrows are frames a finding names.'));
    var pager = el('select', { 'class': 'pager', id: 'ladder-pager' }, D.ladders.map(function (l, i) {
      var a = l.arrows, codes = l.findings.map(function (f) { return D.findings[f].code; });
      var eps = Array.from(new Set(l.findings.map(function (f) { return D.findings[f].episode; }).filter(function (e) { return e; })));
      return el('option', { value: i }, 'ladder ' + l.id + ': frames ' + a[0].frame + '..' + a[a.length - 1].frame
        + (eps.length ? ', episode' + (eps.length > 1 ? 's ' : ' ') + eps.join(', ') : '') + (codes.length ? ' \u2014 ' + Array.from(new Set(codes)).join(', ') : ''));
    }));
    var prev = el('button', { type: 'button' }, '\u2190 previous'), next = el('button', { type: 'button' }, 'next \u2192');
    var holder = el('div', { 'class': 'ladder', id: 'ladder' });
    function show(i) { state.ladder = (i + D.ladders.length) % D.ladders.length; pager.value = String(state.ladder); holder.replaceChildren(ladder(D.ladders[state.ladder])); }
    pager.addEventListener('change', function () { show(Number(pager.value)); });
    prev.addEventListener('click', function () { show(state.ladder - 1); });
    next.addEventListener('click', function () { show(state.ladder + 1); });
    out.push(el('div', { 'class': 'copy' }, prev, pager, next), holder);
    show(0);
    return out;
  }

  function ladder(l) {
    var cols = l.nodes.length, left = 150, colW = Math.min(360, (W - left - 40) / Math.max(cols - 1, 1)), rowH = 22, top = 40;
    var H = top + l.arrows.length * rowH + 20;
    function cx(i) { return left + 20 + i * colW; }
    var root = sv('svg', { viewBox: '0 0 ' + W + ' ' + H, 'data-ladder': l.id, 'data-arrows': l.arrows.length },
      sv('defs', null, sv('marker', { id: 'head', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, sv('path', { d: 'M0 0L10 5L0 10z' }))));
    l.nodes.forEach(function (n, i) {
      root.appendChild(sv('line', { 'class': 'node', x1: cx(i), x2: cx(i), y1: top - 8, y2: H - 10 }));
      root.appendChild(sv('text', { 'class': 'node-label', x: cx(i), y: 16, 'text-anchor': 'middle' }, n));
    });
    l.arrows.forEach(function (a, i) {
      var y = top + i * rowH + 10, x1 = cx(a.from), x2 = cx(a.to), cls = a.kind + (a.marked ? ' marked' : '');
      root.appendChild(sv('text', { x: 4, y: y + 3 }, a.frame + '  +' + rel(a.time)));
      var g = sv('g', { 'class': 'ladder-arrow', 'data-frame': a.frame }, sv('title', null, 'frame ' + a.frame + ', stream ' + a.stream + ', ' + clock(a.time, true) + ': ' + a.label));
      g.appendChild(sv('line', { 'class': 'arrow ' + cls, x1: x1, x2: x1 === x2 ? x1 + 30 : x2, y1: y, y2: y, 'marker-end': 'url(#head)' }));
      g.appendChild(sv('text', { 'class': 'alabel' + (a.marked ? ' marked' : ''), x: (x1 + x2) / 2, y: y - 3, 'text-anchor': 'middle' }, a.label));
      root.appendChild(g);
    });
    return root;
  }

  function episodes() {
    var out = [el('h2', null, 'Episodes (' + D.episodes.length + ')')];
    out.push(el('p', { 'class': 'muted' }, 'The timeline of analyze: related findings grouped into episodes, each drawn as a band on the charts of its direction (on every chart when it concerns no direction).'));
    if (!D.episodes.length) { out.push(el('p', { id: 'no-episodes' }, 'Nothing happened worth a finding.')); return out; }
    var t = el('table', { id: 'episodes' }, el('tr', null, ['#', 'kind', 'finding', 'severity', 'time', 'frames', 'findings', 'seqs', 'what happened'].map(function (h) { return el('th', null, h); })));
    D.episodes.forEach(function (e) {
      t.appendChild(el('tr', { 'class': 'episode', id: 'episode-' + e.id, 'data-episode': e.id, 'data-kind': e.kind, 'data-code': e.code,
          'data-severity': e.severity, 'data-first-frame': e.firstFrame, 'data-last-frame': e.lastFrame, 'data-findings': e.findings,
          'data-pair': e.direction ? pairOf(e.direction) : null },
        el('td', null, String(e.id)), el('td', null, el('span', { 'class': 'kind k-' + e.kind }, e.label)), el('td', null, el('code', null, e.code)),
        el('td', null, el('span', { 'class': 'sev ' + e.severity }, e.severity)),
        el('td', null, '+' + rel(e.first) + (e.last > e.first ? ' .. +' + rel(e.last) : '')),
        el('td', { 'class': 'mono' }, e.firstFrame + (e.lastFrame !== e.firstFrame ? '..' + e.lastFrame : '')),
        el('td', { 'class': 'num' }, num(e.findings)),
        el('td', { 'class': 'mono' }, e.seqs.map(function (r) { return r[0] === r[1] ? String(r[0]) : r[0] + '..' + r[1]; }).join(', ')),
        el('td', null, e.summary, e.ladder >= 0 ? [' ', linkLadder(e.ladder)] : null)));
    });
    out.push(t);
    return out;
  }

  // a display filter with its copy button and the read -Y command line
  function filterBlock(filters, label, compact) {
    return filters.filter(function (cf) { return cf[1]; }).map(function (cf) {
      var copy = el('button', { type: 'button' }, 'copy');
      var code = el('code', { 'class': 'filter' }, cf[1]);
      copy.addEventListener('click', function () {
        var done = function () { copy.textContent = 'copied'; };
        if (navigator.clipboard) navigator.clipboard.writeText(cf[1]).then(done, function () { select(code); });
        else select(code);
      });
      var row = el('div', { 'class': 'copy' }, label ? el('span', { 'class': 'muted' }, label + (filters.length > 1 ? ' of ' + cf[0] : '') + ':') : null, code, copy);
      return compact ? row : [row, el('div', { 'class': 'copy muted' }, el('code', null, "dlm-inspect read " + cf[0] + " -Y '" + cf[1] + "'"))];
    });
  }

  function findingList(list, id, anchor) {
    var ol = el('ol', { 'class': 'findings', id: id });
    list.forEach(function (f) {
      var li = el('li', { 'class': 'finding ' + f.severity, id: anchor + f.index, 'data-code': f.code, 'data-frame': f.frame, 'data-file': f.file || null,
          'data-severity': f.severity, 'data-episode': f.episode || null, 'data-pair': f.direction ? pairOf(f.direction) : null },
        el('div', null, el('span', { 'class': 'sev ' + f.severity }, f.severity), ' ', el('code', null, f.code), ' ',
          el('span', { 'class': 'muted' }, f.title + ' \u2014 frame ' + (f.frames.length ? f.frames[0] : f.frame) + ', +' + rel(f.time) + ' (' + clock(f.time) + ')' + (f.from ? ', ' + f.from + ' \u2192 ' + f.to : '')),
          f.episode ? [' ', el('a', { href: '#episode-' + f.episode, 'class': 'muted' }, 'episode ' + f.episode)] : null),
        el('div', { 'class': 'message' }, f.message),
        f.seqs.length ? el('div', { 'class': 'muted' }, 'seqs: ' + f.seqs.join(', ')) : null,
        filterBlock(f.filters, 'frames'),
        f.ladder >= 0 ? el('div', null, linkLadder(f.ladder)) : null);
      ol.appendChild(li);
    });
    return ol;
  }

  function findings() {
    return [el('h2', null, 'Findings (' + D.findings.length + ')'), findingList(D.findings, 'findings', 'finding-')];
  }
  function linkLadder(id) {
    var a = el('a', { href: '#ladder' }, 'show ladder ' + id);
    a.addEventListener('click', function () {
      var i = D.ladders.findIndex(function (l) { return l.id === id; });
      var pager = document.getElementById('ladder-pager');
      pager.value = String(i);
      pager.dispatchEvent(new Event('change'));
    });
    return a;
  }
  function select(node) {
    var r = document.createRange();
    r.selectNodeContents(node);
    var s = window.getSelection();
    s.removeAllRanges();
    s.addRange(r);
  }

  function start() {
    var main = document.getElementById('report');
    append(main, [header(), controls(), overview(), timelines(), sequences(), ladders(), episodes(), findings(), locks()]);
    document.title = 'dlm-inspect report: ' + O.sources.join(', ');
    // how long the page took to show, from the start of loading (to check that long captures open quickly)
    main.setAttribute('data-ready-ms', String(Math.round(performance.now())));
    main.setAttribute('data-ready', 'true');
  }
