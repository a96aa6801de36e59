// Network pictures drawn with the vendored Cytoscape.js: departments, organisations, people.
"use strict";

(async () => {
  const container = document.getElementById("graph");
  if (!container || !window.cytoscape) return;
  const response = await fetch(container.dataset.url, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const graph = await response.json();
  if (!graph.elements.length) {
    container.classList.add("hidden");
    document.getElementById("graph-empty").classList.remove("hidden");
    return;
  }
  const font = getComputedStyle(document.documentElement).fontFamily;
  const cy = window.cytoscape({
    container,
    elements: graph.elements,
    wheelSensitivity: 0.3,
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { label: "data(label)", "font-family": font, "font-size": 12, "text-valign": "bottom", "text-margin-y": 4, color: "#1f2328" } },
      { selector: 'node[kind = "department"]', style: { shape: "round-rectangle", "background-color": "#1d5fa8", width: 34, height: 22 } },
      { selector: 'node[kind = "staff"]', style: { shape: "round-rectangle", "background-color": "#1d5fa8", width: 40, height: 40, "font-weight": "bold" } },
      { selector: 'node[kind = "organization"]', style: { "background-color": "#e3b341", width: "mapData(weight, 1, 50, 18, 60)", height: "mapData(weight, 1, 50, 18, 60)" } },
      { selector: 'node[kind = "organization"][!weight]', style: { width: 26, height: 26 } },
      { selector: 'node[kind = "contact"]', style: { "background-color": "#6c9bd2", width: 16, height: 16, "font-size": 10 } },
      { selector: "edge", style: { width: "mapData(weight, 1, 50, 1, 8)", "line-color": "#b8c2cc", "curve-style": "haystack", opacity: 0.8 } },
      { selector: "edge[!weight]", style: { width: 1 } },
    ],
    layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90, randomize: false },
  });
  cy.on("tap", "node", (event) => {
    const href = event.target.data("href");
    if (href) window.location.href = href;
  });
})();
