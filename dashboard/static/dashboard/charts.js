/* The dashboard's charts, drawn with Apache ECharts from the figures the page embeds.
 * Every chart repeats the table beside it, which carries the numbers and the links for
 * keyboard and screen-reader users; a click on a bar or slice opens the same filtered list. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var palette = ["#a4161a", "#0a4fa8", "#1a6b34", "#8a4b00", "#5b3f8c", "#00707a", "#55595f"];
  var charts = [];

  function optionFor(figure) {
    if (figure.type === "pie") {
      return {
        color: palette,
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie",
          radius: ["35%", "62%"],
          center: ["50%", "45%"],
          label: { formatter: "{c}" },
          // Empty slices would only stack their labels on top of each other.
          data: figure.labels.map(function (label, index) {
            return { name: label, value: figure.series[0].values[index] };
          }).filter(function (slice) { return slice.value > 0; })
        }]
      };
    }
    var horizontal = figure.type === "hbar";
    var categories = {
      type: "category",
      data: figure.labels,
      inverse: horizontal,
      axisLabel: { interval: 0, width: horizontal ? 110 : 70, overflow: "truncate" }
    };
    var values = { type: "value", minInterval: 1 };
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: figure.series.length > 1 ? { top: 0 } : { show: false },
      grid: { left: 8, right: 24, top: figure.series.length > 1 ? 32 : 16, bottom: 8 },
      xAxis: horizontal ? values : categories,
      yAxis: horizontal ? categories : values,
      series: figure.series.map(function (series) {
        return {
          type: "bar", name: series.name, data: series.values, barMaxWidth: 28,
          label: { show: horizontal, position: "right" }
        };
      })
    };
  }

  JSON.parse(source.textContent).forEach(function (figure) {
    var node = document.querySelector('[data-chart="' + figure.key + '"]');
    if (!node || !figure.type) {
      return;
    }
    if (figure.type === "hbar") {
      node.style.height = Math.max(180, figure.labels.length * 30 + 40) + "px";
    }
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption(optionFor(figure));
    chart.on("click", function (params) {
      var index = figure.type === "pie" ? figure.labels.indexOf(params.name) : params.dataIndex;
      var url = figure.urls[index];
      if (url) {
        window.location.href = url;
      }
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
}());
