// Vital-sign trend charts (Chart.js, served by the app). Each <canvas data-vitals-chart> carries its
// points, its time labels (formatted by the server in the viewer's zone) and the NEWS2 bands of its
// parameter; the bands are shaded behind the line, darker for a higher parameter score. Device
// readings (data-device-points, null where a set's point is) are a second series with its own colour,
// marker and legend ("home device"). The table beside each chart lists every value with its score in
// words and its source (the chart's accessible fallback).
(function () {
  'use strict';
  var SHADES = { 0: 'rgba(0,0,0,0)', 1: 'rgba(255,214,102,0.35)', 2: 'rgba(255,153,51,0.35)', 3: 'rgba(214,39,40,0.28)' };

  var bandsPlugin = {
    id: 'news2Bands',
    beforeDatasetsDraw: function (chart, _args, options) {
      var bands = options && options.bands;
      if (!bands || !bands.length) return;
      var y = chart.scales.y;
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      bands.forEach(function (band) {
        var top = y.getPixelForValue(Math.min(band.to, y.max));
        var bottom = y.getPixelForValue(Math.max(band.from, y.min));
        if (bottom <= area.top || top >= area.bottom) return;
        ctx.fillStyle = SHADES[band.score] || SHADES[0];
        ctx.fillRect(area.left, Math.max(top, area.top), area.right - area.left, Math.min(bottom, area.bottom) - Math.max(top, area.top));
      });
      ctx.restore();
    },
  };

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) return;
    canvas.dataset.drawn = '1';
    var points = JSON.parse(canvas.dataset.points || '[]');
    var labels = JSON.parse(canvas.dataset.labels || '[]');
    var bands = JSON.parse(canvas.dataset.bands || '[]');
    var range = JSON.parse(canvas.dataset.range || 'null');
    var devicePoints = canvas.dataset.devicePoints ? JSON.parse(canvas.dataset.devicePoints) : null;
    var datasets = [
      {
        label: devicePoints ? canvas.dataset.seriesLabel : canvas.dataset.label,
        data: points,
        borderColor: '#1f4e79',
        backgroundColor: '#1f4e79',
        pointRadius: 4,
        spanGaps: true,
      },
    ];
    if (devicePoints) {
      datasets.push({
        label: canvas.dataset.deviceLabel,
        data: devicePoints,
        borderColor: '#a14a00',
        backgroundColor: '#a14a00',
        borderDash: [4, 4],
        pointStyle: 'rectRot',
        pointRadius: 5,
        spanGaps: true,
      });
    }
    new window.Chart(canvas, {
      type: 'line',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: range ? { suggestedMin: range[0], suggestedMax: range[1] } : {} },
        plugins: { legend: { display: !!devicePoints }, news2Bands: { bands: bands } },
      },
      plugins: [bandsPlugin],
    });
  }

  function drawAll() {
    document.querySelectorAll('canvas[data-vitals-chart]').forEach(draw);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
  // Print the observation chart from its button (no inline handlers under the CSP).
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-print]')) window.print();
  });
})();
