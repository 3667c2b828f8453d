// The flowrank dashboard: polls the JSON API of the instance that served it and redraws in place.
// /api/cluster (never a 503) says whether the stores can answer; only then are /api/top and
// /api/progress asked, so a restarting instance shows a banner instead of failed requests. Every
// text from the server is set with textContent: a device name is never parsed as HTML.
'use strict';
(function () {
  const TOP_CHOICES = [10, 20, 50, 100];
  const MEASURES = {
    count: 'web flows', answered: 'answered flows', clients: 'distinct clients',
    bytesOut: 'bytes sent back', bytesIn: 'bytes received',
  };
  const numbers = new Intl.NumberFormat('en-US');
  const $ = (id) => document.getElementById(id);

  const view = {
    topN: initialTopN(),
    by: initialBy(),
    // '' all time, 'latest', or a window's start (text, as in the URL).
    window: new URLSearchParams(location.search).get('window') || '',
    windows: [],
    ready: false,
    clusterState: null,
    problems: {},
    searched: null,
  };

  class Unreachable extends Error {}
  class NotReady extends Error {}
  class Failed extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function initialBy() {
    const asked = new URLSearchParams(location.search).get('by');
    return Object.prototype.hasOwnProperty.call(MEASURES, asked) ? asked : 'count';
  }

  // Byte sums can pass 2^53: a JSON number the browser reads only approximately. Good enough to
  // show with a unit; the exact figure is in the JSON.
  function bytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
    let value = Number(n);
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 2 : 1)) + ' ' + units[unit];
  }

  function measureText(measure, value) {
    return measure === 'bytesOut' || measure === 'bytesIn' ? bytes(value) : numbers.format(value);
  }

  // LANL's time is seconds from the start of its first day: day 3 begins at 172800.
  function dataTime(seconds) {
    if (seconds === null || seconds === undefined) {
      return 'no valid time';
    }
    const day = Math.floor(seconds / 86400) + 1;
    const rest = seconds % 86400;
    const pad = (n) => String(n).padStart(2, '0');
    return seconds + ' (day ' + day + ', ' + pad(Math.floor(rest / 3600)) + ':'
      + pad(Math.floor(rest / 60) % 60) + ':' + pad(rest % 60) + ')';
  }

  function mostlyUnanswered(device) {
    return device.answered * 2 < device.count;
  }

  function initialTopN() {
    const asked = Number(new URLSearchParams(location.search).get('n'));
    return TOP_CHOICES.includes(asked) ? asked : 20;
  }

  async function getJson(path) {
    let response;
    try {
      response = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new Unreachable('this instance (' + location.host + ') does not answer');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    const message = body && typeof body.error === 'string' ? body.error : 'HTTP ' + response.status;
    if (response.status === 503) {
      throw new NotReady(message);
    }
    if (!response.ok) {
      throw new Failed(response.status, message);
    }
    return body;
  }

  // Runs `task` now and then every interval() ms; skips the request while the tab is hidden.
  const runners = [];
  function every(name, interval, task) {
    let timer = null;
    const run = async () => {
      clearTimeout(timer);
      if (!document.hidden) {
        try {
          await task();
          setProblem(name, null);
        } catch (e) {
          setProblem(name, e);
        }
      }
      timer = setTimeout(run, interval());
    };
    runners.push(run);
    run();
    return run;
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      runners.forEach((run) => run());
    }
  });

  function setProblem(name, problem) {
    view.problems[name] = problem;
    renderBanner();
  }

  function renderBanner() {
    const problems = Object.values(view.problems).filter(Boolean);
    const banner = $('banner');
    const unreachable = problems.find((p) => p instanceof Unreachable);
    const notReady = problems.find((p) => p instanceof NotReady);
    const other = problems.find((p) => !(p instanceof Unreachable) && !(p instanceof NotReady));
    let kind = null;
    let text = null;
    if (unreachable) {
      kind = 'unreachable';
      text = 'Unreachable: ' + unreachable.message + '. Retrying every second; the figures below are the last known.';
    } else if (notReady) {
      kind = 'not-ready';
      text = 'The counts cannot be queried now: ' + notReady.message + '. Retrying; the figures below are the last known.';
    } else if (other) {
      kind = 'error';
      text = 'A request failed: ' + other.message + '. Retrying.';
    }
    if (kind === 'unreachable') {
      // Nothing below is current any more: say so everywhere, not only in the banner.
      view.ready = false;
      showState('unreachable');
    }
    if (kind !== null) {
      $('caught-up').hidden = true;
    }
    banner.hidden = kind === null;
    document.body.classList.toggle('degraded', kind !== null);
    if (kind !== null) {
      banner.dataset.kind = kind;
      banner.textContent = text;
    }
  }

  function showState(state) {
    const pill = $('state');
    pill.textContent = state;
    pill.className = 'pill ' + (state === 'RUNNING' ? 'running'
      : state === 'unreachable' || state === 'ERROR' || state === 'NOT_RUNNING' ? 'down' : 'waiting');
  }

  function touch() {
    $('updated').textContent = new Date().toLocaleTimeString();
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function percent(share) {
    return (share * 100).toFixed(2) + ' %';
  }

  // --- cluster: application, ports, coverage; decides whether the stores can be asked ---
  async function pollCluster() {
    let cluster;
    try {
      cluster = await getJson('/api/cluster');
    } catch (e) {
      view.ready = false;
      if (e instanceof Unreachable) {
        showState('unreachable');
        $('caught-up').hidden = true;
      }
      throw e;
    }
    view.clusterState = cluster.state;
    $('application-id').textContent = cluster.applicationId;
    $('ports').textContent = cluster.ports.join(', ');
    $('store').textContent = cluster.store;
    const covered = cluster.partitions.covered;
    const total = cluster.partitions.total;
    $('coverage').textContent = covered + ' / ' + total;
    const rows = $('instances').tBodies[0];
    rows.replaceChildren();
    cluster.instances.forEach((instance) => {
      const row = document.createElement('tr');
      row.dataset.host = instance.host;
      cell(row, instance.host + (instance.self ? ' (this one)' : ''), instance.self ? 'self' : null);
      cell(row, instance.active.length ? instance.active.join(', ') : '–');
      cell(row, instance.standby.length ? instance.standby.join(', ') : '–');
      rows.appendChild(row);
    });
    renderUnserved(cluster.unserved || []);
    const self = cluster.instances.find((instance) => instance.self);
    $('self').textContent = self ? self.host : location.host;
    if (cluster.state !== 'RUNNING') {
      showState(cluster.state);
      $('caught-up').hidden = true;
    }
    const unserved = cluster.unserved || [];
    view.ready = cluster.state === 'RUNNING' && total > 0 && covered === total && unserved.length === 0;
    if (!view.ready) {
      throw new NotReady(cluster.state !== 'RUNNING'
        ? 'Kafka Streams is ' + cluster.state
        : unserved.length > 0 ? unservedSummary(unserved)
        : (total - covered) + ' of ' + total + ' partitions have no active instance (rebalancing)');
    }
  }

  // Partitions no instance answers for (an instance killed, a rebalance), and for how long.
  function renderUnserved(unserved) {
    const list = $('unserved');
    list.replaceChildren();
    unserved.forEach((u) => {
      const item = document.createElement('li');
      item.dataset.partition = String(u.partition);
      item.textContent = 'partition ' + u.partition + ' unserved for ' + seconds(u.forMillis)
        + ' (since ' + new Date(u.sinceMillis).toLocaleTimeString() + '): ' + u.reason;
      list.appendChild(item);
    });
    list.hidden = unserved.length === 0;
  }

  function unservedSummary(unserved) {
    const longest = Math.max(...unserved.map((u) => u.forMillis));
    return 'partition' + (unserved.length > 1 ? 's ' : ' ')
      + unserved.map((u) => u.partition).join(', ') + ' unserved for ' + seconds(longest)
      + ' (' + unserved[0].reason + ')';
  }

  function seconds(millis) {
    return (millis / 1000).toFixed(1) + ' s';
  }

  // A window of data time as the page shows it, short enough for a selector: its start as day
  // and clock, and its length.
  function windowText(w) {
    const pad = (n) => String(n).padStart(2, '0');
    const rest = w.start % 86400;
    const size = w.end - w.start;
    const length = size % 3600 === 0 ? size / 3600 + ' h' : size % 60 === 0 ? size / 60 + ' min'
      : size + ' s';
    return 'day ' + (Math.floor(w.start / 86400) + 1) + ' ' + pad(Math.floor(rest / 3600)) + ':'
      + pad(Math.floor(rest / 60) % 60) + ':' + pad(rest % 60) + ', ' + length;
  }

  // --- the ranking ---
  async function pollTop() {
    if (!view.ready) {
      return;
    }
    const asked = view.window;
    const top = await getJson('/api/top?n=' + view.topN + '&by=' + view.by
      + (asked ? '&window=' + encodeURIComponent(asked) : ''));
    if (top.by !== view.by || asked !== view.window) {
      return; // asked before the measure or the window changed
    }
    $('window-label').textContent = !asked ? 'of all time'
      : top.window ? 'in ' + windowText(top.window) + (top.window.open ? ' (open)' : '')
      : 'in the latest window (none yet)';
    $('window-label').dataset.start = top.window ? String(top.window.start) : '';
    renderTop(top);
    touch();
  }

  // --- the windows held: the choices of the selector ---
  async function pollWindows() {
    if (!view.ready) {
      return;
    }
    view.windows = await getJson('/api/windows');
    const select = $('window');
    const keep = new Set(['', 'latest']);
    view.windows.forEach((w) => keep.add(String(w.start)));
    Array.from(select.options).forEach((option) => {
      if (!keep.has(option.value)) {
        option.remove();
      }
    });
    const present = new Set(Array.from(select.options).map((option) => option.value));
    view.windows.forEach((w) => {
      if (!present.has(String(w.start))) {
        const option = document.createElement('option');
        option.value = String(w.start);
        option.textContent = windowText(w) + (w.open ? ' (open)' : '');
        select.appendChild(option);
      } else {
        select.querySelector('option[value="' + w.start + '"]').textContent =
          windowText(w) + (w.open ? ' (open)' : '');
      }
    });
    if (!keep.has(view.window)) {
      // A window no longer held (or one of a link): back to the latest.
      chooseWindow('latest');
    }
    select.value = view.window;
  }

  function chooseWindow(value) {
    view.window = value;
    $('window').value = value;
    const url = new URL(location.href);
    if (value) {
      url.searchParams.set('window', value);
    } else {
      url.searchParams.delete('window');
    }
    history.replaceState(null, '', url);
  }

  // --- the devices that became web servers ---
  async function pollEvents() {
    if (!view.ready) {
      return;
    }
    const events = await getJson('/api/events?limit=50');
    const list = $('events');
    list.replaceChildren();
    events.forEach((event) => {
      const item = document.createElement('li');
      item.dataset.device = event.dstdevice;
      item.dataset.window = String(event.window);
      const device = document.createElement('span');
      device.className = 'device';
      device.textContent = event.dstdevice;
      device.addEventListener('click', () => search(event.dstdevice));
      item.append(device, document.createTextNode(' in the window from ' + dataTime(event.window)
        + ': ' + numbers.format(event.answered) + ' answered of ' + numbers.format(event.count)
        + ' web flows, ' + numbers.format(event.clients) + ' clients'));
      list.appendChild(item);
    });
    $('events-summary').textContent = events.length === 0
      ? 'No device has become a web server yet.'
      : 'The first window that gave each device enough answered web flows from enough clients; '
        + 'newest first.';
  }

  function renderTop(top) {
    const list = $('top-list');
    const by = top.by;
    $('top-label').textContent = String(view.topN);
    $('top-summary').textContent = top.devices.length === 0
      ? 'No web flow counted yet.'
      : numbers.format(top.webFlows) + ' web flows to ports ' + top.ports.join(', ') + ', '
        + top.partitions.covered + ' of ' + top.partitions.total + ' partitions';
    const max = top.devices.length ? Math.max(1, Number(top.devices[0][by])) : 1;
    while (list.children.length > top.devices.length) {
      list.lastElementChild.remove();
    }
    top.devices.forEach((device, i) => {
      let item = list.children[i];
      if (!item) {
        item = document.createElement('li');
        for (const part of ['rank', 'device', 'track', 'value', 'answered', 'clients', 'share']) {
          const span = document.createElement('span');
          span.className = part;
          if (part === 'track') {
            const fill = document.createElement('span');
            fill.className = 'fill';
            span.appendChild(fill);
          }
          item.appendChild(span);
        }
        item.addEventListener('click', () => search(item.dataset.device));
        list.appendChild(item);
      }
      item.dataset.device = device.dstdevice;
      item.dataset.count = String(device.count);
      item.dataset.value = String(device[by]);
      const unanswered = mostlyUnanswered(device);
      item.classList.toggle('unanswered', unanswered);
      item.title = device.dstdevice + ': ' + numbers.format(device.count) + ' web flows, '
        + numbers.format(device.answered) + ' answered, ' + numbers.format(device.clients)
        + ' clients' + (unanswered ? ' (mostly unanswered)' : '');
      item.querySelector('.rank').textContent = String(device.rank);
      item.querySelector('.device').textContent = device.dstdevice;
      item.querySelector('.fill').style.width = (100 * Number(device[by]) / max).toFixed(2) + '%';
      item.querySelector('.value').textContent = measureText(by, device[by]);
      item.querySelector('.answered').textContent =
        device.count ? Math.round(100 * device.answered / device.count) + ' %' : '–';
      item.querySelector('.clients').textContent = numbers.format(device.clients);
      item.querySelector('.share').textContent = percent(device.share);
    });
  }

  // --- progress ---
  async function pollProgress() {
    if (!view.ready) {
      return;
    }
    const progress = await getJson('/api/progress');
    showState(progress.state);
    $('files').textContent = numbers.format(progress.filesCommitted);
    $('records').textContent = numbers.format(progress.records);
    $('web-flows').textContent = numbers.format(progress.webFlows);
    $('rejected-total').textContent = numbers.format(progress.rejected);
    $('late').textContent = numbers.format(progress.late || 0);
    $('untimed').textContent = numbers.format(progress.untimed || 0);
    const lag = Object.values(progress.lag).reduce((sum, n) => sum + n, 0);
    $('lag').textContent = numbers.format(lag);
    $('caught-up').hidden = !progress.caughtUp;
    const rows = $('rejected').tBodies[0];
    rows.replaceChildren();
    const reasons = Object.entries(progress.rejectedByReason)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (reasons.length === 0) {
      const row = document.createElement('tr');
      cell(row, 'nothing rejected');
      cell(row, '0', 'num');
      rows.appendChild(row);
    }
    reasons.forEach(([reason, count]) => {
      const row = document.createElement('tr');
      row.dataset.reason = reason;
      cell(row, reason, 'reason');
      cell(row, numbers.format(count), 'num count');
      rows.appendChild(row);
    });
    const incomplete = $('incomplete').tBodies[0];
    incomplete.replaceChildren();
    Object.entries(progress.incomplete || {}).forEach(([field, count]) => {
      const row = document.createElement('tr');
      row.dataset.field = field;
      cell(row, field, 'field');
      cell(row, numbers.format(count), 'num count');
      incomplete.appendChild(row);
    });
    touch();
  }

  // --- rates: the records-per-second chart (never a 503: the history is this instance's) ---
  async function pollRates() {
    const rates = await getJson('/api/rates');
    $('rate').textContent = numbers.format(Math.round(rates.recordsPerSecond));
    const chart = $('rate-chart');
    const samples = rates.samples.slice(1);
    chart.replaceChildren();
    if (samples.length < 2) {
      $('rate-caption').textContent = 'records per second, last minutes (collecting)';
      return;
    }
    const first = samples[0].time;
    const span = Math.max(1, samples[samples.length - 1].time - first);
    const peak = Math.max(1, ...samples.map((s) => s.recordsPerSecond));
    const points = samples.map((s) =>
      ((s.time - first) / span * 300).toFixed(1) + ',' + (62 - s.recordsPerSecond / peak * 50).toFixed(1));
    const svg = 'http://www.w3.org/2000/svg';
    const area = document.createElementNS(svg, 'polygon');
    area.setAttribute('points', '0,64 ' + points.join(' ') + ' 300,64');
    const line = document.createElementNS(svg, 'polyline');
    line.setAttribute('points', points.join(' '));
    chart.append(area, line);
    $('rate-caption').textContent = 'records per second over the last '
      + Math.max(1, Math.round(span / 60000)) + ' min; peak ' + numbers.format(Math.round(peak)) + '/s';
  }

  // --- device search ---
  async function runSearch() {
    const name = view.searched;
    if (!name) {
      return;
    }
    const out = $('search-result');
    const device = document.createElement('span');
    device.className = 'device';
    device.textContent = name;
    try {
      const by = view.by;
      const found = await getJson('/api/devices/' + encodeURIComponent(name) + '?rank=true&by=' + by);
      if (view.searched !== name) {
        return;
      }
      if (!found.found) {
        delete out.dataset.count;
        delete out.dataset.rank;
        out.className = 'missing';
        out.replaceChildren(device, document.createTextNode(' was never the destination of a web flow'));
        $('device-panel').hidden = true;
        $('timeline').hidden = true;
        return;
      }
      device.textContent = found.dstdevice;
      out.className = 'found';
      out.dataset.count = String(found.count);
      out.dataset.rank = String(found.rank);
      const parts = [device, document.createTextNode(': rank ' + numbers.format(found.rank)
        + ' by ' + MEASURES[found.by] + ', ' + percent(found.share) + ' of all of them')];
      if (mostlyUnanswered(found.evidence)) {
        const mark = document.createElement('span');
        mark.className = 'mark';
        mark.textContent = 'mostly unanswered';
        parts.push(document.createTextNode(' '), mark);
      }
      out.replaceChildren(...parts);
      renderDevice(found.evidence);
      renderTimeline(await getJson('/api/devices/' + encodeURIComponent(name) + '/timeline'));
    } catch (e) {
      if (view.searched !== name) {
        return;
      }
      delete out.dataset.count;
      delete out.dataset.rank;
      if (e instanceof Failed) {
        $('timeline').hidden = true;
        out.className = 'missing';
        out.replaceChildren(document.createTextNode(e.message));
      } else {
        throw e;
      }
    }
  }

  // Every measure of the searched device, its port split and when it was first and last seen.
  function renderDevice(evidence) {
    const panel = $('device-panel');
    const set = (measure, text) => {
      panel.querySelector('[data-measure="' + measure + '"]').textContent = text;
    };
    set('count', numbers.format(evidence.count));
    set('answered', numbers.format(evidence.answered) + (evidence.count
      ? ' (' + Math.round(100 * evidence.answered / evidence.count) + ' %)' : ''));
    set('clients', numbers.format(evidence.clients));
    set('bytesOut', bytes(evidence.bytesOut));
    set('bytesIn', bytes(evidence.bytesIn));
    set('ports', Object.entries(evidence.ports)
      .map(([port, count]) => port + ': ' + numbers.format(count)).join(', ') || '–');
    set('firstSeen', dataTime(evidence.firstSeen));
    set('lastSeen', dataTime(evidence.lastSeen));
    panel.dataset.device = evidence.dstdevice;
    panel.hidden = false;
  }

  // The searched device's web flows per window held, answered ones darker; the window chosen
  // above the ranking outlined.
  function renderTimeline(timeline) {
    const box = $('timeline');
    const chart = $('timeline-chart');
    chart.replaceChildren();
    const points = timeline.windows;
    box.hidden = points.length === 0;
    box.dataset.device = timeline.dstdevice;
    box.dataset.windows = String(points.length);
    if (points.length === 0) {
      return;
    }
    const svg = 'http://www.w3.org/2000/svg';
    const peak = Math.max(1, ...points.map((p) => p.evidence.count));
    const width = 300 / points.length;
    points.forEach((p, i) => {
      const bar = (className, value) => {
        const rect = document.createElementNS(svg, 'rect');
        const height = value / peak * 60;
        rect.setAttribute('class', className);
        rect.setAttribute('x', (i * width + width * 0.1).toFixed(2));
        rect.setAttribute('width', (width * 0.8).toFixed(2));
        rect.setAttribute('y', (63 - height).toFixed(2));
        rect.setAttribute('height', height.toFixed(2));
        return rect;
      };
      const count = bar('count', p.evidence.count);
      count.dataset.start = String(p.start);
      if (String(p.start) === view.window || (view.window === 'latest' && i === points.length - 1)) {
        count.classList.add('selected');
      }
      const title = document.createElementNS(svg, 'title');
      title.textContent = windowText(p) + ': ' + numbers.format(p.evidence.count) + ' web flows, '
        + numbers.format(p.evidence.answered) + ' answered, ' + numbers.format(p.evidence.clients)
        + ' clients';
      count.appendChild(title);
      chart.append(count, bar('answered', p.evidence.answered));
    });
    $('timeline-caption').textContent = 'web flows per window (' + points.length + ' held), '
      + 'answered ones darker; peak ' + numbers.format(peak);
  }

  let searchNow = null;
  function search(name) {
    view.searched = name;
    $('search-input').value = name;
    const url = new URL(location.href);
    url.searchParams.set('device', name);
    history.replaceState(null, '', url);
    if (searchNow) {
      searchNow();
    }
  }

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('search-input').value.trim();
    if (name) {
      search(name);
    }
  });

  $('by').value = view.by;
  $('window').value = view.window;
  $('by-label').textContent = MEASURES[view.by];
  $('measure-head').textContent = MEASURES[view.by];
  $('by').addEventListener('change', () => {
    view.by = $('by').value;
    const url = new URL(location.href);
    url.searchParams.set('by', view.by);
    history.replaceState(null, '', url);
    $('by-label').textContent = MEASURES[view.by];
    $('measure-head').textContent = MEASURES[view.by];
    topNow();
    if (searchNow) {
      searchNow();
    }
  });

  $('window').addEventListener('change', () => {
    chooseWindow($('window').value);
    topNow();
    if (searchNow) {
      searchNow();
    }
  });

  $('top-n').value = String(view.topN);
  $('top-label').textContent = String(view.topN);
  $('top-n').addEventListener('change', () => {
    view.topN = Number($('top-n').value);
    const url = new URL(location.href);
    url.searchParams.set('n', String(view.topN));
    history.replaceState(null, '', url);
    $('top-label').textContent = String(view.topN);
    topNow();
  });

  // Once the stores can answer again, the ranking and the progress are asked at once.
  let topNow = null;
  let progressNow = null;
  every('cluster', () => (view.ready ? 3000 : 1000), async () => {
    const wasReady = view.ready;
    await pollCluster();
    if (!wasReady && view.ready && topNow) {
      topNow();
      progressNow();
    }
  });
  topNow = every('top', () => 1000, pollTop);
  every('windows', () => 3000, pollWindows);
  every('events', () => 2000, pollEvents);
  progressNow = every('progress', () => 2000, pollProgress);
  every('rates', () => 2000, pollRates);
  // ?device=NAME opens the page with that device searched (a link to one device).
  const linked = new URLSearchParams(location.search).get('device');
  if (linked && linked.trim()) {
    view.searched = linked.trim();
    $('search-input').value = view.searched;
  }
  searchNow = every('search', () => 5000, runSearch);
})();
