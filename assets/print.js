/*
 * Print: each regional map is printed as a picture of the map on screen, and charts are
 * drawn at the printed width.
 *
 * Maps. A WebGL canvas may print blank, and plotly's own export (Plotly.toImage) draws the
 * whole figure again in a hidden copy, which takes seconds with software WebGL. Instead,
 * once a map has been still for SETTLE_MS (after plotly draws it, or the reader moves it),
 * the map is drawn once more synchronously (maplibre's redraw(), a few milliseconds) and its
 * canvas copied while the drawing is still there; the copy is encoded off the main thread,
 * then laid out with plotly's legend and colour bar and the place names of map_labels.js
 * into one SVG, shown by the map card's <img class="print-map-image"> (print only, scaled
 * to the paper). The picture is ready before anyone prints, so printing waits for nothing:
 * the same picture serves the browser's print dialog and a headless page.pdf(). A map that
 * has no picture yet prints the card's note instead (layout.css).
 *
 * Charts. Plotly draws at a fixed pixel width: a chart drawn for a wide screen would be cut
 * by the paper. Before printing (beforeprint, and the print media query for emulated print)
 * every chart is given PRINT_WIDTH_PX; after printing it takes its container's width again.
 */
(function () {
    "use strict";

    // A4 (703 px) and US Letter (725 px) portrait, less layout.css's 12 mm page margins and
    // the page gutters and the chart card's border and padding (about 50 px at the printed font size).
    const PRINT_WIDTH_PX = 640;
    const SETTLE_MS = 1500;
    const SVG_NS = "http://www.w3.org/2000/svg";
    const XLINK_NS = "http://www.w3.org/1999/xlink";
    // Plotly layers that only serve the mouse.
    const INTERACTIVE = ".draglayer, .zoomlayer, .selectionlayer, .menulayer, .hoverlayer";

    function mapOf(gd) {
        const map = gd._fullLayout && gd._fullLayout.map;
        return map && map._subplot && map._subplot.map;
    }

    function imageOf(gd) {
        const card = gd.closest(".map-card");
        return card && card.querySelector("img.print-map-image");
    }

    // --- Maps -------------------------------------------------------------------------

    function serialized(svg, origin) {
        const copy = svg.cloneNode(true);
        copy.querySelectorAll(INTERACTIVE).forEach(function (node) { node.remove(); });
        const box = svg.getBoundingClientRect();
        const group = document.createElementNS(SVG_NS, "g");
        group.setAttribute("transform", "translate(" + (box.left - origin.left) + "," + (box.top - origin.top) + ")");
        group.append(...copy.childNodes);
        // Plotly may write gradient and clip references as absolute URLs of the page.
        return new XMLSerializer().serializeToString(group).replace(/url\((&quot;|['"])?[^#)]*?#/g, "url($1#");
    }

    function labelsSvg(gd, origin) {
        const group = document.createElementNS(SVG_NS, "g");
        gd.querySelectorAll(".map-labels .map-label").forEach(function (span) {
            if (span.style.display === "none") {
                return;
            }
            const box = span.getBoundingClientRect();
            const style = window.getComputedStyle(span);
            const text = document.createElementNS(SVG_NS, "text");
            text.setAttribute("x", box.left - origin.left);
            text.setAttribute("y", box.top - origin.top + box.height / 2);
            text.setAttribute("dominant-baseline", "central");
            text.setAttribute("fill", style.color);
            text.setAttribute("stroke", "#fff");
            text.setAttribute("stroke-width", "3");
            text.setAttribute("paint-order", "stroke");
            text.setAttribute("font-family", style.fontFamily);
            text.setAttribute("font-size", style.fontSize);
            text.setAttribute("font-weight", style.fontWeight);
            text.setAttribute("letter-spacing", style.letterSpacing);
            text.textContent = style.textTransform === "uppercase" ? span.textContent.toUpperCase() : span.textContent;
            group.appendChild(text);
        });
        return new XMLSerializer().serializeToString(group);
    }

    function picture(gd, mapPng, mapBox) {
        const layers = gd.querySelectorAll(".svg-container > svg.main-svg");
        const origin = layers[0].getBoundingClientRect();
        const width = Math.round(origin.width);
        const height = Math.round(origin.height);
        const image = '<image x="' + (mapBox.left - origin.left) + '" y="' + (mapBox.top - origin.top)
            + '" width="' + mapBox.width + '" height="' + mapBox.height
            + '" preserveAspectRatio="none" xlink:href="' + mapPng + '"/>';
        return '<svg xmlns="' + SVG_NS + '" xmlns:xlink="' + XLINK_NS + '" width="' + width + '" height="'
            + height + '" viewBox="0 0 ' + width + " " + height + '">'
            + serialized(layers[0], origin) + image + labelsSvg(gd, origin)
            + Array.from(layers).slice(1).map(function (svg) { return serialized(svg, origin); }).join("")
            + "</svg>";
    }

    function show(img, svg, width, height) {
        const previous = img.getAttribute("src");
        // The picture's proportions, known before it is decoded: print layout may not wait for it.
        img.width = width;
        img.height = height;
        img.onload = function () {
            if (previous && previous.startsWith("blob:")) {
                URL.revokeObjectURL(previous);
            }
        };
        img.src = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml"}));
    }

    // Copy the map now (a synchronous redraw keeps the drawing readable), encode it later.
    function snapshot(gd) {
        const map = mapOf(gd);
        const img = imageOf(gd);
        if (!map || !img || !gd.isConnected) {
            return;
        }
        const canvas = map.getCanvas();
        if (!canvas.width || !canvas.height || gd.offsetParent === null) {
            return;  // hidden (printing already, or another tab of the page): keep the last picture
        }
        if (!map.loaded() || map.isMoving()) {
            schedule(gd);
            return;
        }
        const started = performance.now();
        map.redraw();
        const copy = document.createElement("canvas");
        copy.width = canvas.width;
        copy.height = canvas.height;
        copy.getContext("2d").drawImage(canvas, 0, 0);
        const mapBox = canvas.getBoundingClientRect();
        const svgLater = picture.bind(null, gd);
        gd._printMapCopyMs = performance.now() - started;
        copy.toBlob(function (blob) {
            const reader = new FileReader();
            reader.onload = function () {
                if (gd.isConnected) {
                    show(img, svgLater(reader.result, mapBox), canvas.clientWidth, canvas.clientHeight);
                    gd._printMapReady = true;
                }
            };
            reader.readAsDataURL(blob);
        }, "image/png");
    }

    function schedule(gd) {
        window.clearTimeout(gd._printMapTimer);
        gd._printMapTimer = window.setTimeout(function () {
            window.requestIdleCallback(function () { snapshot(gd); }, {timeout: SETTLE_MS});
        }, SETTLE_MS);
    }

    function bind(gd) {
        const map = mapOf(gd);
        if (!map || gd._printMapBound === map) {
            return;
        }
        gd._printMapBound = map;
        gd.on("plotly_afterplot", function () { schedule(gd); });
        map.on("moveend", function () { schedule(gd); });
        schedule(gd);
    }

    let scanning = false;

    function scan() {
        if (scanning) {
            return;
        }
        scanning = true;
        window.requestAnimationFrame(function () {
            scanning = false;
            document.querySelectorAll(".map-card .js-plotly-plot").forEach(bind);
        });
    }

    new MutationObserver(scan).observe(document.documentElement, {childList: true, subtree: true});

    // --- Charts -----------------------------------------------------------------------

    function charts() {
        return Array.from(document.querySelectorAll(".js-plotly-plot")).filter(function (gd) {
            return gd._fullLayout && !mapOf(gd) && !gd.closest(".map-card");
        });
    }

    function fitChartsToPaper() {
        charts().forEach(function (gd) {
            if (gd._printFitted || (gd.layout && gd.layout.width)) {
                return;
            }
            gd._printFitted = true;
            window.Plotly.relayout(gd, {width: PRINT_WIDTH_PX});
        });
    }

    function fitChartsToScreen() {
        charts().forEach(function (gd) {
            if (gd._printFitted) {
                gd._printFitted = false;
                window.Plotly.relayout(gd, {width: null});
            }
        });
    }

    window.addEventListener("beforeprint", fitChartsToPaper);
    window.addEventListener("afterprint", fitChartsToScreen);
    window.matchMedia("print").addEventListener("change", function (event) {
        if (event.matches) {
            fitChartsToPaper();
        } else {
            fitChartsToScreen();
        }
    });
}());
