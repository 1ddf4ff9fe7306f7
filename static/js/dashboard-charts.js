// The bureau's dashboard: draws each chart from the page's JSON (id "dashboard-charts") with the vendored ECharts
// (static/vendor/echarts). A click on a bar or point opens the list behind it; the table beside each chart holds
// the same figures with the same links (for screen readers, printing, and browsers without scripts).
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#1f5fa8", "#2e9d6b", "#e0a526", "#c0504d", "#7a5ca8", "#3aa6b9", "#8c8c8c", "#d4773a"];
  var root = source.closest(".df-dashboard") || document.body;

  function option(chart) {
    var font = getComputedStyle(root).fontFamily; // read each time: a font that arrives later is drawn with
    var horizontal = !!chart.horizontal;
    var category = {
      type: "category",
      data: chart.categories,
      axisLabel: { interval: 0, fontFamily: font, width: horizontal ? 110 : 80, overflow: "truncate" }
    };
    var value = { type: "value", minInterval: 1, axisLabel: { fontFamily: font } };
    var series = chart.series.map(function (s) {
      var item = { name: s.name, type: s.type, data: s.data, emphasis: { focus: "series" } };
      if (s.stack !== undefined) {
        item.stack = "total";
      }
      if (s.type === "line") {
        item.symbolSize = 8;
        item.label = { show: true, position: "top" };
      }
      return item;
    });
    if (chart.target) {
      var line = series[series.length - 1];
      line.markLine = {
        symbol: "none",
        lineStyle: { type: "dashed", color: "#c0504d" },
        label: { formatter: "培育目标 " + chart.target + " 家", fontFamily: font },
        data: [{ yAxis: chart.target }]
      };
      value.max = function (extent) { return Math.max(extent.max, chart.target) ; };
    }
    return {
      animation: false,
      color: palette,
      textStyle: { fontFamily: font },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, textStyle: { fontFamily: font } },
      grid: { left: horizontal ? 120 : 48, right: chart.target ? 110 : 24, top: 36, bottom: horizontal ? 24 : 40, containLabel: false },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: series
    };
  }

  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var chart = data[element.getAttribute("data-chart")];
    if (!chart) {
      return;
    }
    var instance = echarts.init(element, null, { renderer: "canvas", locale: "ZH" });
    instance.setOption(option(chart));
    drawn.push([instance, chart]);
    instance.on("click", function (params) {
      if (params.data && params.data.url) {
        window.location.href = params.data.url;
      }
    });
    window.addEventListener("resize", function () { instance.resize(); });
    element.setAttribute("data-chart-ready", "1");
  });
  // A font that arrives after the first frame: draw the canvases' text again with it.
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener("loadingdone", function () {
      drawn.forEach(function (pair) { pair[0].setOption(option(pair[1]), true); });
    });
  }
})();
