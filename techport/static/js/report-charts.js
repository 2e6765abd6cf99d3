// Draws the report charts with Chart.js 4 from each canvas's JSON data block (no inline script: CSP 'self').
// The table beside every chart holds the same figures; the chart is only a picture of it.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartData);
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var many = data.labels.length > 6;
    var horizontal = data.type === "bar" && many;
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new Chart(canvas, {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: set.colour,
            borderColor: set.colour,
            tension: 0.2,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        aspectRatio: horizontal && data.labels.length > 10 ? 1 : 1.6,
        animation: reduceMotion ? false : { duration: 400 },
        plugins: { legend: { display: data.datasets.length > 1 } },
        scales: { x: { ticks: { autoSkip: !horizontal } }, y: { ticks: { autoSkip: horizontal ? false : true } } },
      },
    });
    canvas.dataset.drawn = "true";
  }

  document.querySelectorAll("canvas[data-chart-data]").forEach(draw);
})();
