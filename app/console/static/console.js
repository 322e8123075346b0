/* The steward console's behaviour: charts (vega-embed), the relationship graph (cytoscape), keyboard
   triage on the review queue (j/k/m/n), the shortcut help (?), and forms that Enter must not submit. */
(function () {
  "use strict";

  function renderCharts(root) {
    if (!window.vegaEmbed) return;
    root.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      if (element.dataset.rendered) return;
      var source = document.getElementById(element.dataset.vegaSpec);
      if (!source) return;
      element.dataset.rendered = "yes";
      window.vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .catch(function (error) { element.textContent = "The chart could not be drawn: " + error; });
    });
  }

  function renderGraph(root) {
    var element = root.querySelector("#graph[data-graph]");
    if (!element || !window.cytoscape || element.dataset.rendered) return;
    element.dataset.rendered = "yes";
    var data = JSON.parse(document.getElementById(element.dataset.graph).textContent);
    var elements = [];
    data.nodes.forEach(function (node) {
      elements.push({ data: {
        id: node.id, label: node.display_name || node.id, kind: node.party_type || "unknown",
        root: node.id === data.root ? "yes" : "no", depth: node.depth || 0, href: node.href } });
    });
    data.edges.forEach(function (edge, index) {
      elements.push({ data: { id: "e" + index, source: edge.source, target: edge.target, label: edge.type } });
    });
    var graph = window.cytoscape({
      container: element,
      elements: elements,
      minZoom: 0.2,
      maxZoom: 1.2,
      layout: { name: "concentric", animate: false, padding: 30, minNodeSpacing: 70, startAngle: 3 * Math.PI / 2,
                concentric: function (node) { return 10 - node.data("depth"); },
                levelWidth: function () { return 1; } },
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
          "text-wrap": "ellipsis", "text-max-width": 140, "color": "#1f2328",
          "background-color": "#24466b", "width": 22, "height": 22 } },
        { selector: "node[kind = 'person']", style: { "background-color": "#1a7f37", "shape": "ellipse" } },
        { selector: "node[kind = 'organization']", style: { "shape": "round-rectangle" } },
        { selector: "node[root = 'yes']", style: { "border-width": 4, "border-color": "#bf5700", "width": 30, "height": 30 } },
        { selector: "edge", style: {
          "label": "data(label)", "font-size": 9, "color": "#57606a", "width": 1.5,
          "line-color": "#8c959f", "target-arrow-color": "#8c959f", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1 } }
      ]
    });
    element.graph = graph; // the drawn graph, for scripts and tests that need its node positions
    graph.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) window.location.assign(href);
    });
  }

  function enhance(root) {
    renderCharts(root);
    renderGraph(root);
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function queueMove(direction) {
    var queue = document.getElementById("queue");
    if (!queue) return;
    var url = queue.dataset[direction];
    if (!url) return;
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#queue", swap: "outerHTML" });
    } else {
      window.location.assign(url);
    }
  }

  function decide(decision) {
    var button = document.querySelector("#decision-form button[value='" + decision + "']");
    if (button && !button.disabled) button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var help = document.getElementById("help");
    if (event.key === "?") {
      if (help && !help.open) help.showModal();
      event.preventDefault();
      return;
    }
    if (!document.getElementById("queue")) return;
    var actions = { j: function () { queueMove("next"); }, k: function () { queueMove("previous"); },
                    m: function () { decide("match"); }, n: function () { decide("no_match"); } };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.tagName === "INPUT" && target.form && target.form.hasAttribute("data-no-enter")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-help]");
    if (opener) {
      var help = document.getElementById("help");
      if (help) help.showModal();
    }
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) closer.closest("dialog").close();
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target.ownerDocument || document); });
})();
