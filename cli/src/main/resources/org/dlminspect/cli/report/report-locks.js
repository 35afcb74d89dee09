  // Lock-level views: the sections of the locks command (D.locks), drawn after the midcomms ones.
  var L = D.locks;

  function pairKey(a, b) {
    if (a < 0 || b < 0) return null;
    return L.pairs[Math.min(a, b) + '-' + Math.max(a, b)] || null;
  }
  function hex(n) { return '0x' + Number(n).toString(16); }
  function nodeText(n) { return n < 0 ? '?' : String(n); }
  function table(id, headers, numeric) {
    return el('table', { id: id, 'class': 'locks' }, el('tr', null, headers.map(function (h, i) {
      return el('th', { 'class': numeric.indexOf(i) >= 0 ? 'num' : null }, h);
    })));
  }
  function cells(values, numeric, names) {
    return values.map(function (v, i) {
      return el('td', { 'class': numeric.indexOf(i) >= 0 ? 'num' : names && names.indexOf(i) >= 0 ? 'name' : null }, v);
    });
  }
  function frames(list) {
    return list.filter(function (f) { return f[1]; }).map(function (f) { return f[0] + ' ' + f[1]; }).join(', ');
  }
  function edgeText(ns) { return ns >= 1e9 ? ns / 1e9 + ' s' : ns >= 1e6 ? ns / 1e6 + ' ms' : ns / 1e3 + ' \u00b5s'; }

  function locks() {
    var out = [el('h2', { id: 'locks' }, 'Locks')];
    if (!L.available) { out.push(el('p', { 'class': 'muted', id: 'locks-note' }, 'The lock analysis did not run.')); return out; }
    var c = L.counts;
    out.push(el('p', { 'class': 'muted' }, 'The analysis of the locks command, run on the same messages: every lock request paired with its reply (retransmitted copies skipped), each lock followed through GRANT, BAST and UNLOCK, and the RCOM exchanges of recovery.'));
    out.push(el('p', { id: 'lock-counts' }, num(c.messages) + ' DLM_MSG messages (' + num(c.duplicates) + ' midcomms retransmissions skipped); '
      + num(c.requests) + ' requests expecting a reply, ' + num(c.paired) + ' paired, ' + num(c.unanswered) + ' never answered; '
      + num(c.grants) + ' GRANT, ' + num(c.basts) + ' BAST, ' + num(c.removes) + ' REMOVE; ' + num(c.unmatchedReplies) + ' replies unmatched'
      + (c.evicted ? '; ' + num(c.evicted) + ' locks forgotten under the memory budget' : '') + '.'));
    out.push(lockspaces(), histograms(), serviceTimes('service-times', 'Service response time, request to reply', L.serviceTimes));
    if (L.grantTimes.length) out.push(serviceTimes('grant-times', 'Time to grant, request to GRANT of queued requests', L.grantTimes));
    out.push(slowest(), resources(), waiting(), recoveries());
    out.push(el('h3', null, 'Lock findings (' + L.findings.length + ')'));
    out.push(L.findings.length ? findingList(L.findings, 'lock-findings', 'lock-finding-') : el('p', { 'class': 'muted', id: 'lock-findings' }, 'None.'));
    return out;
  }

  function lockspaces() {
    var t = table('lockspaces', ['lockspace', 'name', 'messages', 'nodes', 'lvblen'], [2, 4]);
    L.lockspaces.forEach(function (l) {
      t.appendChild(el('tr', { 'data-lockspace': l.id }, cells([hex(l.id), l.name || 'unknown', num(l.messages), l.nodes.join(', '), l.lvblen < 0 ? '-' : String(l.lvblen)], [2, 4], [1])));
    });
    return [el('h3', null, 'Lockspaces'), el('div', { 'class': 'tablewrap' }, t)];
  }

  // one bar chart per lockspace and exchange: how many requests took how long (1-2-5 log intervals)
  function histograms() {
    var out = [el('h3', null, 'Response-time histograms')];
    if (!L.histograms.length) { out.push(el('p', { 'class': 'muted', id: 'no-histograms' }, 'No request was answered.')); return out; }
    out.push(el('p', { 'class': 'muted' }, 'Requests per interval of response time, all node pairs together; intervals double or more (10, 20, 50, 100 \u00b5s ...). Hover a bar for its count.'));
    var grid = el('div', { 'class': 'hgrid', id: 'histograms' });
    L.histograms.forEach(function (h) { grid.appendChild(histogram(h)); });
    out.push(grid);
    return out;
  }

  function histogram(h) {
    var HW = 480, HH = 170, left = 44, right = 10, top = 12, bottom = 34, n = h.counts.length;
    var plotW = HW - left - right, plotH = HH - top - bottom, bw = plotW / n;
    var most = Math.max.apply(null, h.counts.concat([1])), step = Math.max(1, niceStep(most, 4)), max = Math.ceil(most / step) * step;
    var name = h.exchange + (h.grant ? ' (to GRANT)' : '') + (L.lockspaces.length > 1 ? ' in ' + hex(h.lockspace) : '');
    var root = sv('svg', { viewBox: '0 0 ' + HW + ' ' + HH, role: 'img', 'aria-label': name, 'data-histogram': h.exchange,
      'data-grant': h.grant, 'data-lockspace': h.lockspace, 'data-samples': h.samples, 'data-approximate': h.approximate ? 'true' : null });
    for (var v = 0; v <= max; v += step) {
      var y = top + plotH - plotH * v / max;
      root.appendChild(sv('line', { 'class': 'grid', x1: left, x2: left + plotW, y1: y, y2: y }));
      root.appendChild(sv('text', { x: left - 5, y: y + 3, 'text-anchor': 'end' }, shortNum(v)));
    }
    h.counts.forEach(function (count, i) {
      var lo = i === 0 ? 0 : L.edges[i - 1], hi = i < L.edges.length ? L.edges[i] : null;
      var span = hi === null ? 'at least ' + edgeText(lo) : i === 0 ? 'under ' + edgeText(hi) : edgeText(lo) + ' to ' + edgeText(hi);
      var bh = count ? Math.max(count / max * plotH, 1.5) : 0; // a single slow request stays visible
      root.appendChild(sv('rect', { 'class': 'hbar' + (h.grant ? ' grant' : ''), x: left + i * bw + 1, y: top + plotH - bh, width: bw - 2, height: bh,
        'data-count': count }, sv('title', null, num(count) + ' of ' + num(h.samples) + ' ' + name + ': ' + span)));
    });
    L.edges.forEach(function (e, i) {
      if (i % 3) return;
      var x = left + (i + 1) * bw;
      root.appendChild(sv('line', { 'class': 'axis', x1: x, x2: x, y1: top + plotH, y2: top + plotH + 4 }));
      root.appendChild(sv('text', { x: x, y: HH - 18, 'text-anchor': 'middle' }, edgeText(e)));
    });
    root.appendChild(sv('line', { 'class': 'axis', x1: left, x2: left + plotW, y1: top + plotH, y2: top + plotH }));
    root.appendChild(sv('text', { x: left + plotW / 2, y: HH - 4, 'text-anchor': 'middle' }, 'response time'));
    var title = el('h4', null, name + ': ' + num(h.samples) + ' requests, median ' + (h.approximate ? '\u2248 ' : '') + duration(h.median) + ', max ' + duration(h.max)
      + (h.approximate ? ' (approximate)' : ''));
    // folded series are drawn from their buckets, and the chart says so rather than leaving them out
    if (!h.approximate) return el('div', { 'class': 'chart histogram' }, title, root);
    return el('div', { 'class': 'chart histogram approximate' }, title, root,
      el('p', { 'class': 'muted approximation', 'data-approximation': h.exchange }, 'Approximate: ' + h.approximation + '.'));
  }

  function approx(r, nanos) {
    return (r.approximate ? '\u2248 ' : '') + duration(nanos);
  }

  function serviceTimes(id, title, rows) {
    var numeric = [3, 4, 5, 6, 7, 8];
    var t = table(id, ['lockspace', 'exchange', 'nodes', 'count', 'min', 'median', 'p90', 'p99', 'max'], numeric);
    var approximate = 0;
    rows.forEach(function (r) {
      var all = r.from < 0 && r.to < 0;
      if (r.approximate) approximate++;
      t.appendChild(el('tr', { 'class': all ? 'all' : null, 'data-exchange': r.exchange, 'data-count': r.count, 'data-pair': all ? null : pairKey(r.from, r.to),
        'data-approximate': r.approximate ? 'true' : null, title: r.approximate ? 'Approximate: ' + r.approximation : null },
        cells([hex(r.lockspace), r.exchange, all ? 'all' : nodeText(r.from) + ' > ' + nodeText(r.to), num(r.count), duration(r.min), approx(r, r.median),
          approx(r, r.p90), approx(r, r.p99), duration(r.max)], numeric)));
    });
    var out = [el('h3', null, title), el('p', { 'class': 'muted' }, 'Per requesting and replying node, then (bold) over all node pairs; percentiles by nearest rank over the exact samples.'), el('div', { 'class': 'tablewrap' }, t)];
    if (approximate) out.push(el('p', { 'class': 'muted approximation', 'data-approximation': id }, '\u2248 ' + approximate + (approximate === 1 ? ' row is' : ' rows are')
      + ' approximate: samples folded into log-linear histograms under the memory budget (lock.limit); median, p90 and p99 are up to 1/32 above the exact values, count, min and max are exact.'));
    return out;
  }

  function slowest() {
    var out = [el('h3', null, 'Slowest requests (' + L.slowest.length + ')')];
    if (!L.slowest.length) { out.push(el('p', { 'class': 'muted', id: 'slowest' }, 'None.')); return out; }
    out.push(chart({ id: 'lock-waits', title: 'The slowest requests over the capture: wait (request to grant or final reply) by the time each was sent',
      units: ['ms'], series: [{ name: 'wait', points: L.slowest.map(function (s) { return [s.sent, s.wait / 1e6]; }), style: 'dots', x: 'time' }],
      bands: bandsFor(null) }));
    var numeric = [0];
    var t = table('slowest', ['wait', 'exchange', 'resource', 'nodes', 'lkid', 'mode', 'sent', 'frames', 'result', 'read -Y'], numeric);
    L.slowest.forEach(function (s) {
      t.appendChild(el('tr', { 'data-pair': pairKey(s.from, s.master), 'data-request-frame': s.requestFrame },
        cells([duration(s.wait), s.exchange, s.resource === undefined ? '(not seen)' : s.resource, nodeText(s.from) + ' > master ' + nodeText(s.master),
          hex(s.lkid), (s.grmode ? s.grmode + '>' : '') + s.rqmode, '+' + rel(s.sent),
          frames([['request', s.requestFrame], ['reply', s.replyFrame], ['grant', s.grantFrame]]), s.result, filterBlock(s.filters, null, true)], numeric, [2])));
    });
    out.push(el('div', { 'class': 'tablewrap' }, t));
    return out;
  }

  function resources() {
    var out = [el('h3', null, 'Most contended resources (' + L.resources.length + ' of ' + num(L.resourceCount) + ', by total wait)')];
    if (!L.resources.length) { out.push(el('p', { 'class': 'muted', id: 'resources' }, 'None.')); return out; }
    var numeric = [4, 5, 6, 7, 8, 9];
    var t = table('resources', ['resource', 'lockspace', 'master', 'users', 'requests', 'conversions', 'queued', 'total wait', 'max wait', 'BASTs'], numeric);
    L.resources.forEach(function (r) {
      t.appendChild(el('tr', { 'data-resource': r.name }, cells([r.name, hex(r.lockspace), nodeText(r.master), r.users.join(', '), num(r.requests),
        num(r.conversions), num(r.queued), duration(r.totalWait), duration(r.maxWait), num(r.basts)], numeric, [0])));
    });
    out.push(el('div', { 'class': 'tablewrap' }, t));
    return out;
  }

  function waiting() {
    var out = [el('h3', null, 'Requests waiting at the end (' + num(L.waitingCount) + ')')];
    if (!L.waiting.length) { out.push(el('p', { 'class': 'muted', id: 'waiting' }, 'None: every request was answered.')); return out; }
    if (L.waitingCount > L.waiting.length) out.push(el('p', { 'class': 'muted' }, 'The ' + L.waiting.length + ' oldest are listed.'));
    var numeric = [7];
    var t = table('waiting', ['state', 'exchange', 'resource', 'nodes', 'lkid', 'mode', 'sent', 'age', 'frames', 'blocked by', 'read -Y'], numeric);
    L.waiting.forEach(function (w) {
      t.appendChild(el('tr', { 'data-pair': pairKey(w.from, w.to), 'data-state': w.state, 'data-request-frame': w.requestFrame },
        cells([w.state, w.exchange, w.resource === undefined ? '(not seen)' : w.resource, nodeText(w.from) + ' > ' + nodeText(w.to), hex(w.lkid), w.rqmode,
          '+' + rel(w.sent), duration(w.age), frames([['request', w.requestFrame], ['resent', w.resentFrame]]),
          w.holders.map(function (h) { return 'node ' + h.node + ' ' + hex(h.lkid) + ' ' + h.grmode + (h.lastBastFrame ? ' (BAST in ' + h.lastBastFrame + ')' : ''); }).join('; ') || '-',
          filterBlock(w.filters, null, true)], numeric, [2, 9])));
    });
    out.push(el('div', { 'class': 'tablewrap' }, t));
    return out;
  }

  function recoveries() {
    var out = [el('h3', null, 'Recovery (' + L.recoveries.length + ' episodes)')];
    if (!L.recoveries.length) { out.push(el('p', { 'class': 'muted', id: 'recoveries' }, 'No recovery in the capture.')); return out; }
    out.push(el('p', { 'class': 'muted' }, 'The RCOM exchanges after a membership change (green bands on the charts): each phase from its first to its last message, with the node slowest to answer.'));
    var list = el('div', { id: 'recoveries' });
    L.recoveries.forEach(function (r, i) {
      list.appendChild(el('div', { 'class': 'recovery', id: 'recovery-' + i, 'data-phases': r.phases.length, 'data-complete': r.complete },
        el('h4', null, 'Lockspace ' + hex(r.lockspace) + ': +' + rel(r.start) + ' .. +' + rel(r.end) + ' (' + duration(r.duration) + '), '
          + (r.complete ? 'complete' : 'unfinished') + ', members ' + r.members.join(', ') + ', frames ' + r.firstFrame + '..' + r.lastFrame
          + (r.slowestNode >= 0 ? ', slowest node ' + r.slowestNode + ' (' + duration(r.slowest) + ')' : '')
          + (r.waitingCount ? ', ' + num(r.waitingCount) + ' lock requests waited during it' : '')),
        phases(r), filterBlock(r.filters, 'frames', true)));
    });
    out.push(list);
    return out;
  }

  // the phases of one recovery as bars on its own time axis
  function phases(r) {
    var PW = 960, left = 90, right = 250, rowH = 20, top = 8, H = top + r.phases.length * rowH + 22;
    var span = Math.max(r.end - r.start, 1), plotW = PW - left - right;
    function X(t) { return left + (t - r.start) / span * plotW; }
    var root = sv('svg', { viewBox: '0 0 ' + PW + ' ' + H, 'class': 'phases', 'data-recovery': r.start });
    r.phases.forEach(function (p, i) {
      var y = top + i * rowH, x0 = X(p.start), x1 = Math.max(X(p.end), x0 + 2);
      root.appendChild(sv('text', { x: left - 6, y: y + 13, 'text-anchor': 'end' }, p.name));
      root.appendChild(sv('rect', { 'class': 'phase', x: x0, y: y + 3, width: x1 - x0, height: rowH - 6, 'data-phase': p.name },
        sv('title', null, p.name + ': +' + rel(p.start) + ' .. +' + rel(p.end) + ', ' + p.requests + ' requests, ' + p.replies + ' replies')));
      root.appendChild(sv('text', { x: left + plotW + 8, y: y + 13 }, duration(p.end - p.start) + ', ' + p.requests + '/' + p.replies + ' req/rep'
        + (p.slowestNode >= 0 ? ', node ' + p.slowestNode + ' ' + duration(p.slowest) : '')));
    });
    root.appendChild(sv('line', { 'class': 'axis', x1: left, x2: left + plotW, y1: H - 18, y2: H - 18 }));
    root.appendChild(sv('text', { x: left, y: H - 5, 'text-anchor': 'start' }, '+' + rel(r.start)));
    root.appendChild(sv('text', { x: left + plotW, y: H - 5, 'text-anchor': 'end' }, '+' + rel(r.end)));
    return el('div', { 'class': 'chart' }, root);
  }
