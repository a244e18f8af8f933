// Draws every chart of the page from the JSON configuration next to its canvas.
// Served from the jar with Chart.js (WebJar org.webjars.npm:chart.js); no inline scripts.
(function () {
  'use strict';
  var rtl = document.documentElement.dir === 'rtl';
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
  blocks.forEach(function (block) {
    var canvas = document.getElementById(block.getAttribute('data-chart'));
    if (!canvas || typeof Chart === 'undefined') {
      return;
    }
    var config = JSON.parse(block.textContent);
    config.options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: true,
      plugins: {
        legend: { rtl: rtl, textDirection: rtl ? 'rtl' : 'ltr' },
        tooltip: { rtl: rtl, textDirection: rtl ? 'rtl' : 'ltr' }
      },
      scales: { x: { reverse: rtl } }
    };
    new Chart(canvas, config);
    canvas.setAttribute('data-rendered', 'true');
  });
})();
