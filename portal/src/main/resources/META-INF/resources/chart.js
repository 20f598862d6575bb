// The burn-down chart: data aggregated by the server (see BurnDown), drawn with uPlot from the portal's own webjar.
(function () {
  var target = document.getElementById('chart');
  var source = document.getElementById('chart-data');
  if (!target || !source || !window.uPlot) { return; }
  var chart = JSON.parse(source.textContent);
  var width = Math.max(320, target.clientWidth || 800);
  var options = {
    width: width,
    height: 300,
    scales: { x: { time: true } },
    series: [
      {},
      { label: target.dataset.balance, stroke: '#0b4f9c', width: 2, fill: 'rgba(11,79,156,0.08)', paths: uPlot.paths.stepped({ align: 1 }) },
      { label: target.dataset.projection, stroke: '#a4161a', width: 2, dash: [6, 4], spanGaps: true },
      { label: target.dataset.forecast, stroke: '#2b7a0b', width: 2, dash: [2, 3], spanGaps: true }
    ],
    axes: [{}, { size: 70 }]
  };
  window.burnDown = new uPlot(options, chart.data, target);
})();
