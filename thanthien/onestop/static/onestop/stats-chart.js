// The statistics chart: a stacked horizontal bar per row of the page's first table, drawn from the
// json_script element "stats-chart-data". The same figures are in that table, which screen readers use.
(function () {
  "use strict";
  var source = document.getElementById("stats-chart-data");
  var canvas = document.getElementById("stats-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#198754", "#0a58ca", "#b02a37", "#fd7e14"];
  var box = canvas.parentElement;
  // One bar needs about 26 px; the legend and the axis the rest.
  box.style.position = "relative";
  box.style.height = Math.max(180, data.labels.length * 26 + 90) + "px";
  var numbers = new Intl.NumberFormat("vi-VN");
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (series, index) {
        return { label: series.label, data: series.data, backgroundColor: colours[index % colours.length] };
      }),
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      locale: "vi-VN",
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
      plugins: {
        legend: { position: "top" },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ": " + numbers.format(item.parsed.x) + " hồ sơ";
            },
          },
        },
      },
    },
  });
})();
