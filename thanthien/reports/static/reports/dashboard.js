// The dashboards' charts: every <canvas data-chart="NAME"> is drawn from the json_script element "chart-NAME-data"
// (no inline script under the Content-Security-Policy). The same figures are in the tables of the page, which
// screen readers use; each canvas carries an aria-label saying so.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var numbers = new Intl.NumberFormat("vi-VN");
  var percents = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  var colours = ["#0a58ca", "#8a1c1c", "#198754", "#fd7e14"];

  function bars(canvas, data) {
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return { label: series.label, data: series.data, backgroundColor: colours[index % colours.length] };
        }),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        locale: "vi-VN",
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: {
          legend: { position: "top" },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + numbers.format(item.parsed.y);
              },
            },
          },
        },
      },
    });
  }

  function trend(canvas, data) {
    var datasets = data.rates.map(function (series, index) {
      return {
        type: "line",
        label: series.label,
        data: series.data,
        borderColor: colours[(index + 1) % colours.length],
        backgroundColor: colours[(index + 1) % colours.length],
        spanGaps: true,
        yAxisID: "rate",
      };
    });
    datasets.push({
      type: "bar",
      label: data.counts.label,
      data: data.counts.data,
      backgroundColor: "rgba(10, 88, 202, 0.25)",
      yAxisID: "count",
    });
    return new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        locale: "vi-VN",
        scales: {
          rate: { position: "left", min: 0, max: 100, title: { display: true, text: "%" } },
          count: { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } },
        },
        plugins: {
          legend: { position: "top" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.parsed.y;
                if (value === null) {
                  return item.dataset.label + ": chưa có số liệu";
                }
                var text = item.dataset.yAxisID === "rate" ? percents.format(value) + " %" : numbers.format(value);
                return item.dataset.label + ": " + text;
              },
            },
          },
        },
      },
    });
  }

  function ranking(canvas, data) {
    var box = canvas.parentElement;
    box.style.height = Math.max(160, data.labels.length * 26 + 80) + "px";
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.label,
            data: data.data,
            backgroundColor: data.data.map(function (value) {
              return value !== null && value < data.threshold ? "#b02a37" : "#198754";
            }),
          },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        locale: "vi-VN",
        scales: { x: { min: 0, max: 100 } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return data.label + ": " + percents.format(item.parsed.x) + " %";
              },
            },
          },
        },
      },
    });
  }

  var drawers = { bars: bars, trend: trend, ranking: ranking };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById("chart-" + canvas.dataset.chart + "-data");
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var draw = drawers[data.kind];
    if (draw && data.labels && data.labels.length) {
      draw(canvas, data);
      canvas.dataset.drawn = "true";
    }
  });
})();
