/*
 * Place names over the regional maps, drawn as HTML text above the map canvas.
 *
 * Map text drawn by maplibre needs glyphs fetched from the internet; these labels
 * use the page's own font instead. The figure lists them in layout.meta.labels
 * ({text, lon, lat, kind, rank}); they follow the map as it pans and zooms. Labels
 * never overlap: they are placed in rank order (the figure's priority: countries,
 * then hubs on the most routes, then the shores beyond the region), each in the
 * first of its SPOTS where its box touches no label already placed and stays inside
 * the map; a label with no such spot is hidden until a move, zoom or resize makes
 * room for it. A map narrower than NARROW_PX is first fitted to the region
 * (layout.meta.extent), which the figure's zoom, set for a wide screen, would crop.
 * Maplibre names its canvas "Map" in English whatever the page's language: the canvas
 * takes the name the map card gives (data-map-label, in the interface language).
 */
(function () {
    "use strict";

    const NARROW_PX = 700;
    const GAP_PX = 2;

    function mapOf(gd) {
        const map = gd._fullLayout && gd._fullLayout.map;
        return map && map._subplot && map._subplot.map;
    }

    function labelsOf(gd) {
        const meta = gd.layout && gd.layout.meta;
        const labels = (meta && meta.labels) || [];
        return labels.slice().sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); });
    }

    function layerOf(map) {
        const container = map.getContainer();
        let layer = container.querySelector(":scope > .map-labels");
        if (!layer) {
            layer = document.createElement("div");
            layer.className = "map-labels";
            layer.setAttribute("aria-hidden", "true");
            container.appendChild(layer);
        }
        return layer;
    }

    // Where a label may sit, tried in turn: [x, y] of its top left corner as fractions of its
    // own width and height, plus [x, y] in px, from its point. Country names centred, else a
    // line higher or lower; hub names right of the dot, else left, above or below it.
    const CENTRED = [[-0.5, -0.5, 0, 0], [-0.5, -1.5, 0, 0], [-0.5, 0.5, 0, 0]];
    const SPOTS = {
        country: CENTRED,
        context: CENTRED,
        hub: [[0, -0.5, 5, 0], [-1, -0.5, -5, 0], [-0.5, -1, 0, -4], [-0.5, 0, 0, 4]],
    };

    function overlaps(a, b) {
        return a.left < b.right + GAP_PX && b.left < a.right + GAP_PX
            && a.top < b.bottom + GAP_PX && b.top < a.bottom + GAP_PX;
    }

    function draw(gd, map) {
        const labels = labelsOf(gd);
        const layer = layerOf(map);
        if (layer.childElementCount !== labels.length) {
            layer.replaceChildren(...labels.map(function () {
                return document.createElement("span");
            }));
        }
        const spans = Array.from(layer.children);
        // Write every text first and read every size after, so the page lays out once.
        labels.forEach(function (label, i) {
            spans[i].className = "map-label map-label-" + label.kind;
            spans[i].textContent = label.text;
            spans[i].style.display = "";
        });
        const sizes = spans.map(function (span) { return [span.offsetWidth, span.offsetHeight]; });
        const width = layer.clientWidth;
        const height = layer.clientHeight;
        const placed = [];
        labels.forEach(function (label, i) {
            const point = map.project([label.lon, label.lat]);
            const w = sizes[i][0];
            const h = sizes[i][1];
            const box = (SPOTS[label.kind] || CENTRED).map(function (spot) {
                const left = point.x + spot[0] * w + spot[2];
                const top = point.y + spot[1] * h + spot[3];
                return {left: left, top: top, right: left + w, bottom: top + h};
            }).find(function (spot) {
                return spot.left >= 0 && spot.top >= 0 && spot.right <= width && spot.bottom <= height
                    && !placed.some(function (other) { return overlaps(other, spot); });
            });
            if (box) {
                placed.push(box);
                spans[i].style.left = box.left + "px";
                spans[i].style.top = box.top + "px";
            }
            spans[i].style.display = box ? "" : "none";
        });
    }

    function name(gd, map) {
        const named = gd.closest("[data-map-label]");
        if (named) {
            map.getCanvas().setAttribute("aria-label", named.dataset.mapLabel);
        }
    }

    function bind(gd) {
        const map = mapOf(gd);
        if (!map || gd._mapLabelsBound === map) {
            return;
        }
        name(gd, map);
        const first = !gd._mapLabelsBound;
        gd._mapLabelsBound = map;
        const meta = gd.layout && gd.layout.meta;
        if (first && meta && meta.extent && map.getContainer().clientWidth < NARROW_PX) {
            // Marked as the reader's move, so that plotly keeps it (uirevision) when values change.
            map.fitBounds(meta.extent, {animate: false, padding: 4}, {originalEvent: "fit"});
        }
        map.on("move", function () { draw(gd, map); });
        map.on("resize", function () { draw(gd, map); });
        gd.on("plotly_afterplot", function () { draw(gd, map); });
        draw(gd, map);
    }

    function scan() {
        document.querySelectorAll(".js-plotly-plot").forEach(bind);
    }

    new MutationObserver(scan).observe(document.documentElement, {childList: true, subtree: true});
    window.setInterval(scan, 1000);
}());
