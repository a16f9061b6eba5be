// Stampede's live dashboard: reads /events (one JSON message per engine interval) and draws it with uPlot.
// Every string that comes from a target or the user (scenario, phase, monitor and series names) reaches the DOM
// through textContent or uPlot's labels (textContent too), never as HTML.
(function () {
  'use strict';
  var MAX_POINTS = 3600;
  var COLORS = ['#1f5fbf', '#b3261e', '#2e7d32', '#8e24aa', '#ef6c00', '#00838f', '#5d4037', '#c2185b', '#455a64', '#827717'];
  var charts = {};
  var scenario = null;
  var last = null;
  var done = false;

  function byId(id) { return document.getElementById(id); }
  function setText(id, value) { byId(id).textContent = value; }
  function fmt(x, digits) { return isFinite(x) ? x.toFixed(digits) : '\u2013'; }

  // One chart: a box with a title, a uPlot and its data columns (x = seconds since the scenario started).
  function chart(container, key, title, names) {
    var c = charts[key];
    if (c && c.names.join('\u0000') === names.join('\u0000')) return c;
    if (c) { c.plot.destroy(); c.box.remove(); }
    var box = document.createElement('div');
    box.className = 'chart';
    var h = document.createElement('h3');
    h.textContent = title;
    box.appendChild(h);
    byId(container).appendChild(box);
    var series = [{ label: 's' }];
    names.forEach(function (n, i) { series.push({ label: n, stroke: COLORS[i % COLORS.length], width: 1.5 }); });
    var data = [[]];
    names.forEach(function () { data.push([]); });
    var plot = new uPlot({ width: Math.max(420, box.clientWidth - 16), height: 200, series: series,
      scales: { x: { time: false } }, axes: [{ label: 's' }, { size: 80 }] }, data, box);
    c = { box: box, plot: plot, names: names.slice(), data: data };
    charts[key] = c;
    return c;
  }

  function push(c, x, values) {
    c.data[0].push(x);
    for (var i = 0; i < values.length; i++) c.data[i + 1].push(values[i]);
    if (c.data[0].length > MAX_POINTS) c.data.forEach(function (col) { col.shift(); });
    c.plot.setData(c.data);
  }

  function resetCharts() {
    Object.keys(charts).forEach(function (k) { charts[k].plot.destroy(); charts[k].box.remove(); });
    charts = {};
    last = null;
  }

  function onTick(m) {
    if (m.scenario !== scenario) {
      resetCharts();
      scenario = m.scenario;
      setText('scenario', m.scenario);
    }
    var errorsPerSec = 0;
    if (last && m.elapsed > last.elapsed) errorsPerSec = Math.max(0, (m.errors - last.errors) / (m.elapsed - last.elapsed));
    last = m;
    setText('ops', String(Math.round(m.ops)));
    setText('p95', fmt(m.p95, 1));
    setText('errors', String(m.errors));
    setText('attempts', String(m.attempts));
    if (!done) {
      var of = m.planned > 0 ? ' of ' + Math.round(m.planned) + ' s' : '';
      setText('status', 'running: ' + m.scenario + ', ' + m.phase + ', ' + Math.round(m.elapsed) + ' s' + of);
    }
    push(chart('charts', 'throughput', 'Throughput (ok/s)', ['ok/s']), m.elapsed, [m.ops]);
    push(chart('charts', 'errors', 'Errors per second', ['errors/s']), m.elapsed, [errorsPerSec]);
    push(chart('charts', 'p95', 'p95 latency (ms)', ['p95 ms']), m.elapsed, [m.p95]);
    var monitors = m.monitors || {};
    Object.keys(monitors).sort().forEach(function (name) {
      var values = monitors[name];
      var keys = Object.keys(values).sort();
      push(chart('monitors', 'monitor:' + name, name, keys), m.elapsed, keys.map(function (k) { return values[k]; }));
    });
  }

  function onFinished(m) {
    done = true;
    byId('stop').disabled = true;
    setText('status', 'finished: ' + m.outcome);
    var reports = m.reports || [];
    var link = byId('report-link');
    if (reports.length > 0) {
      link.href = '/report/' + encodeURIComponent(reports[0]);
      link.textContent = 'Report: ' + reports[0];
      var others = byId('other-reports');
      others.textContent = '';
      reports.slice(1).forEach(function (r) {
        var a = document.createElement('a');
        a.href = '/report/' + encodeURIComponent(r);
        a.textContent = r;
        others.appendChild(document.createTextNode(' '));
        others.appendChild(a);
      });
    } else {
      link.removeAttribute('href');
      link.textContent = 'no report was written';
    }
    byId('finished').hidden = false;
  }

  var source = new EventSource('/events');
  source.onopen = function () { if (!done) setText('status', 'running'); };
  source.onmessage = function (e) {
    var m = JSON.parse(e.data);
    if (m.type === 'tick') onTick(m);
    else if (m.type === 'finished') { onFinished(m); source.close(); }
  };
  source.onerror = function () { if (!done) setText('status', 'running (connection lost; reconnecting)'); };

  byId('stop').addEventListener('click', function () {
    var button = byId('stop');
    button.disabled = true;
    fetch('/stop', { method: 'POST', credentials: 'same-origin' }).then(function (r) {
      if (!done) setText('status', r.ok ? 'stopping: writing the reports' : 'the stop was refused (' + r.status + ')');
      if (!r.ok) button.disabled = false;
    }, function () {
      if (!done) setText('status', 'the stop request failed; press Ctrl-C in the terminal');
      button.disabled = false;
    });
  });
}());
