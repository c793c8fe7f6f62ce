/*
 * Place names over the regional maps, drawn as HTML text above the map canvas.
 *
 * Map text drawn by maplibre needs glyphs fetched from the internet; these labels
 * use the page's own font instead. The figure lists them in layout.meta.labels
 * ({text, lon, lat, kind}); they follow the map as it pans and zooms. A map
 * narrower than NARROW_PX is first fitted to the region (layout.meta.extent),
 * which the figure's zoom, set for a wide screen, would crop.
 */
(function () {
    "use strict";

    const NARROW_PX = 700;

    function mapOf(gd) {
        const map = gd._fullLayout && gd._fullLayout.map;
        return map && map._subplot && map._subplot.map;
    }

    function labelsOf(gd) {
        const meta = gd.layout && gd.layout.meta;
        return (meta && meta.labels) || [];
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

    function draw(gd, map) {
        const labels = labelsOf(gd);
        const layer = layerOf(map);
        if (layer.childElementCount !== labels.length) {
            layer.replaceChildren(...labels.map(function (label) {
                const span = document.createElement("span");
                span.className = "map-label map-label-" + label.kind;
                span.textContent = label.text;
                return span;
            }));
        }
        const width = layer.clientWidth;
        const height = layer.clientHeight;
        labels.forEach(function (label, i) {
            const span = layer.children[i];
            const point = map.project([label.lon, label.lat]);
            const inside = point.x >= 0 && point.y >= 0 && point.x <= width && point.y <= height;
            span.textContent = label.text;
            span.style.display = inside ? "" : "none";
            span.style.left = point.x + "px";
            span.style.top = point.y + "px";
        });
    }

    function bind(gd) {
        const map = mapOf(gd);
        if (!map || gd._mapLabelsBound === map) {
            return;
        }
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
