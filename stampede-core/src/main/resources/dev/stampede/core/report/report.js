/* Stampede report.html: sortable tables and uPlot charts drawn from the embedded #stampede-data JSON.
   Labels from the data reach the page only through uPlot (textContent) and the canvas, never as markup.
   When every chart has drawn: window.stampedeReady = true and body[data-ready="true"] ("error" if one failed). */
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
  var HEIGHT = 240;
  var plots = [];

  function fmt(v) {
    if (v == null || isNaN(v)) return "—";
    var a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  /* ---- sortable tables ---- */
  function sortKey(cell) {
    if (!cell) return "";
    var v = cell.getAttribute("data-value");
    if (v !== null && v !== "" && !isNaN(Number(v))) return Number(v);
    return cell.textContent.trim().toLowerCase();
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }
  function sortTable(table, col, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var dir = th.getAttribute("data-sort") === "asc" ? "desc" : "asc";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("data-sort");
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("data-sort", dir);
    th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(sortKey(r1.cells[col]), sortKey(r2.cells[col]));
      return dir === "asc" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.tabIndex = 0;
      th.classList.add("sort");
      th.addEventListener("click", function () { sortTable(table, col, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortTable(table, col, th); }
      });
    });
  });

  /* ---- readiness ---- */
  var pending = 0, failed = false, finished = false;
  function finish() {
    if (finished || pending > 0) return;
    finished = true;
    if (failed) {
      document.body.dataset.ready = "error";
    } else {
      window.stampedeReady = true;
      document.body.dataset.ready = "true";
    }
  }
  function drawnOnce() {
    var done = false;
    return function () {
      if (done) return;
      done = true;
      pending--;
      finish();
    };
  }
  function fail(el, e) {
    failed = true;
    pending--;
    el.classList.add("chart-error");
    el.textContent = "This chart could not be drawn: " + (e && e.message ? e.message : String(e));
    finish();
  }

  /* ---- shaded phase, stall, fault and breaker windows (uPlot draw hook) ---- */
  function windowsHook(windows) {
    return function (u) {
      var ctx = u.ctx, left = u.bbox.left, top = u.bbox.top, w = u.bbox.width, h = u.bbox.height;
      var dpr = window.devicePixelRatio || 1, phase = 0, migration = 0;
      ctx.save();
      ctx.font = Math.round(10 * dpr) + "px sans-serif";
      windows.forEach(function (win) {
        var x0 = Math.max(left, u.valToPos(win.from, "x", true));
        var x1 = Math.min(left + w, u.valToPos(win.to, "x", true));
        var kind = win.kind;
        if (kind === "phase") phase++;
        if (kind === "migration-phase") migration++;
        if (!(x1 > x0)) return;
        var fill = {stall: "rgba(214,39,40,0.22)", fault: "rgba(255,140,0,0.22)", breaker: "rgba(148,103,189,0.20)",
          "migration-mark": "rgba(44,160,44,0.10)"}[kind];
        if (kind === "migration-phase") fill = migration % 2 ? "rgba(44,160,44,0.06)" : "rgba(44,160,44,0.14)";
        ctx.fillStyle = fill || (phase % 2 ? "rgba(90,120,190,0.07)" : "rgba(90,120,190,0.15)");
        ctx.fillRect(x0, top, x1 - x0, h);
        ctx.fillStyle = {stall: "#a00", fault: "#a55a00", breaker: "#5b3d80", "migration-phase": "#1d6b1d", "migration-mark": "#1d6b1d"}[kind] || "#556";
        var row = {stall: 24, fault: 36, breaker: 48, "migration-phase": 60, "migration-mark": 72}[kind] || 12;
        ctx.fillText(kind === "stall" ? "stall" : win.label, x0 + 3 * dpr, top + row * dpr, Math.max(0, x1 - x0 - 6 * dpr));
      });
      ctx.restore();
    };
  }

  function width(el) {
    return Math.max(320, el.clientWidth || 900);
  }

  /* ---- time charts: one cursor and one zoom per scenario ---- */
  function timeChart(el, chart, windows, group) {
    /* an extra's chart over another x (offered rate, concurrency): its own axis, no phases, zoomed alone */
    var xy = chart.x_label != null;
    if (xy) { windows = []; group = { key: "stampede-xy-" + chart.key + "-" + plots.length, plots: [], syncing: false }; }
    var series = [{ label: xy ? chart.x_label : "second",
      value: function (u, v) { return v == null ? "—" : xy ? fmt(v) : v.toFixed(1) + " s"; } }];
    chart.series.forEach(function (s, i) {
      series.push({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: xy,
        points: { show: xy && !!chart.points, size: 6 },
        value: function (u, v) { return fmt(v); } });
    });
    var done = drawnOnce();
    var opts = {
      title: chart.title + (chart.downsampled ? " (min and max per bucket)" : ""),
      width: width(el), height: HEIGHT,
      cursor: { sync: { key: group.key, setSeries: false }, drag: { x: true, y: false } },
      scales: { x: xy && chart.log_x ? { time: false, distr: 3, log: 10 } : { time: false } },
      axes: [{ label: xy ? chart.x_label : "seconds since the scenario started" }, { label: chart.unit, size: 60 }],
      series: series,
      hooks: {
        draw: [windowsHook(windows), done],
        setScale: [function (u, key) {
          if (key !== "x" || group.syncing) return;
          group.syncing = true;
          group.plots.forEach(function (o) {
            if (o !== u) o.setScale("x", { min: u.scales.x.min, max: u.scales.x.max });
          });
          group.syncing = false;
        }]
      }
    };
    var data = [chart.x].concat(chart.series.map(function (s) { return s.values; }));
    var u = new uPlot(opts, data, el);
    group.plots.push(u);
    plots.push({ el: el, plot: u });
  }

  /* ---- percentile spectrum: x = 1/(1-p), log scale, as HdrHistogram's plotter ---- */
  function spectrumChart(el, spectrum) {
    var finite = 1;
    spectrum.forEach(function (s) {
      s.points.forEach(function (p) { if (p[0] < 100) finite = Math.max(finite, 100 / (100 - p[0])); });
    });
    var maxX = Math.pow(10, Math.ceil(Math.log10(finite) + 1e-9) + 1);
    function toX(p) { return p >= 100 ? maxX : 100 / (100 - p); }
    var xs = {};
    spectrum.forEach(function (s) { s.points.forEach(function (p) { xs[toX(p[0])] = true; }); });
    var x = Object.keys(xs).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    x.forEach(function (v, i) { index[v] = i; });
    var data = [x];
    var series = [{ label: "percentile", value: function (u, v) {
      return v == null ? "—" : v >= maxX ? "max" : (100 - 100 / v).toPrecision(6).replace(/\.?0+$/, "") + "%";
    } }];
    spectrum.forEach(function (s, i) {
      var y = x.map(function () { return null; });
      s.points.forEach(function (p) { y[index[toX(p[0])]] = p[1]; });
      data.push(y);
      series.push({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: true, points: { show: false },
        value: function (u, v) { return fmt(v) + " ms"; } });
    });
    var splits = [];
    for (var t = 1; t <= maxX; t *= 10) splits.push(t);
    var done = drawnOnce();
    var u = new uPlot({
      title: "Latency by percentile (the last point is the max)",
      width: width(el), height: HEIGHT + 40,
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false, distr: 3, log: 10 } },
      axes: [
        { label: "percentile", splits: function () { return splits; },
          values: function (u, vals) {
            return vals.map(function (v) { return v >= maxX ? "max" : (100 - 100 / v).toPrecision(6).replace(/\.?0+$/, "") + "%"; });
          } },
        { label: "ms", size: 60 }
      ],
      series: series,
      hooks: { draw: [done] }
    }, data, el);
    plots.push({ el: el, plot: u });
  }

  var data = JSON.parse(document.getElementById("stampede-data").textContent);
  var jobs = [];
  data.scenarios.forEach(function (sc) {
    var group = { key: "stampede-" + sc.id, plots: [], syncing: false };
    var section = document.getElementById("scenario-" + sc.id);
    if (!section) return;
    function div(key) {
      var list = section.querySelectorAll("div.chart");
      for (var i = 0; i < list.length; i++) if (list[i].getAttribute("data-chart") === key) return list[i];
      return null;
    }
    sc.charts.forEach(function (c) {
      var el = div(c.key);
      if (el) jobs.push({ el: el, run: function () { timeChart(el, c, sc.windows, group); } });
    });
    var sp = div("spectrum");
    if (sp) {
      if (sc.spectrum.length) jobs.push({ el: sp, run: function () { spectrumChart(sp, sc.spectrum); } });
      else sp.textContent = "No latency was recorded.";
    }
    Array.prototype.forEach.call(section.querySelectorAll("div.chart"), function (el) {
      if (!el.firstChild && !jobs.some(function (j) { return j.el === el; })) el.textContent = "No data for this chart.";
    });
  });
  pending = jobs.length;
  jobs.forEach(function (j) {
    try { j.run(); } catch (e) { fail(j.el, e); }
  });
  finish();

  /* ---- size: follow the window, and the page when printing (A4 landscape, about 1,000 px wide) ---- */
  var timer = null;
  function resize(toWidth) {
    plots.forEach(function (p) {
      p.plot.setSize({ width: toWidth || width(p.el), height: p.plot.height });
    });
  }
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { resize(); }, 150);
  });
  window.addEventListener("beforeprint", function () { resize(900); });
  window.addEventListener("afterprint", function () { resize(); });
})();
