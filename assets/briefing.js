/*
 * Presentation layout and saved briefings, in the browser.
 *
 * Keys: the right arrow shows a briefing's next view (or starts the briefing on its page), the
 * left arrow the previous one, Escape leaves the presentation layout; never while typing in a
 * field or choosing in a list. Each key presses the on-screen button, so both do the same.
 *
 * dash_clientside.briefing holds the browser-side callbacks (callbacks/presentation.py): the
 * address of each view of a briefing being shown is the view's own address plus present=1,
 * slide=<n> and the interface language.
 */
(function () {
    "use strict";

    const FIELDS = "input, textarea, select, [contenteditable], [role='listbox'], [role='combobox'], .dash-dropdown";
    const KEYS = {ArrowRight: ["view-next", "saved-briefing-start"], ArrowLeft: ["view-previous"], Escape: ["present-exit"]};
    const SHOWN_ONLY = ["present", "slide", "lang"]; // parameters of how a view is shown, not of the view
    const MAX_VIEWS = 20;

    document.addEventListener("keydown", function (event) {
        const buttons = KEYS[event.key];
        if (!buttons || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
            return;
        }
        if (event.target.closest && event.target.closest(FIELDS)) {
            return;
        }
        for (const id of buttons) {
            const button = document.getElementById(id);
            if (button && !button.disabled && button.offsetParent !== null) {
                event.preventDefault();
                button.click();
                return;
            }
        }
    });

    function params(search) {
        return new URLSearchParams((search || "").replace(/^\?/, ""));
    }

    function withoutShown(search) {
        // The query string without present, slide and lang, left as written (commas unescaped).
        const parts = (search || "").replace(/^\?/, "").split("&").filter(function (part) {
            return part && SHOWN_ONLY.indexOf(part.split("=")[0]) < 0;
        });
        return parts.length ? "?" + parts.join("&") : "";
    }

    function slideAddress(view, slide, lang) {
        const extra = "present=1&slide=" + slide + (lang ? "&lang=" + encodeURIComponent(lang) : "");
        return view + (view.indexOf("?") < 0 ? "?" : "&") + extra;
    }

    function clicked() {
        return dash_clientside.callback_context.triggered.some(function (t) {
            return t.value;
        });
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        briefing: {
            presenting: function (search, shown) {
                const on = params(search).get("present") === "1";
                return [on ? "presenting" : "", on === shown ? dash_clientside.no_update : on];
            },
            togglePresent: function (_present, _exit, search) {
                if (!clicked()) {
                    return dash_clientside.no_update;
                }
                const leaving = dash_clientside.callback_context.triggered_id === "present-exit";
                const rest = withoutShown(search).replace(/^\?/, "");
                const lang = params(search).get("lang");
                const parts = [rest, leaving ? "" : "present=1", lang ? "lang=" + encodeURIComponent(lang) : ""];
                const kept = parts.filter(Boolean).join("&");
                return kept ? "?" + kept : "";
            },
            addView: function (_clicks, path, search, saved) {
                if (!clicked()) {
                    return dash_clientside.no_update;
                }
                const views = Array.isArray(saved) ? saved.slice() : [];
                const view = path + withoutShown(search);
                if (views.length >= MAX_VIEWS || views[views.length - 1] === view) {
                    return dash_clientside.no_update;
                }
                views.push(view);
                return views;
            },
            edit: function (_clicks, saved) {
                const which = dash_clientside.callback_context.triggered_id;
                if (!clicked() || !which || !Array.isArray(saved)) {
                    return dash_clientside.no_update;
                }
                const views = saved.slice();
                const [view] = views.splice(which.index, 1);
                if (which.move !== 0) {
                    views.splice(Math.max(0, which.index + which.move), 0, view);
                }
                return views;
            },
            start: function (_clicks, views, search) {
                if (!clicked() || !views || !views.length) {
                    return [dash_clientside.no_update, dash_clientside.no_update];
                }
                const shown = {views: views, cover: window.location.pathname + window.location.search};
                return [shown, slideAddress(views[0], 1, params(search).get("lang"))];
            },
            step: function (_previous, _next, search, shown) {
                if (!clicked() || !shown || !shown.views) {
                    return dash_clientside.no_update;
                }
                const forward = dash_clientside.callback_context.triggered_id === "view-next";
                const slide = parseInt(params(search).get("slide"), 10) + (forward ? 1 : -1);
                if (slide < 1) {
                    return shown.cover || dash_clientside.no_update;
                }
                if (slide > shown.views.length || isNaN(slide)) {
                    return dash_clientside.no_update;
                }
                return slideAddress(shown.views[slide - 1], slide, params(search).get("lang"));
            },
            position: function (search, shown) {
                const query = params(search);
                const slide = parseInt(query.get("slide"), 10);
                const total = shown && shown.views ? shown.views.length : 0;
                const showing = query.get("present") === "1" && slide >= 1 && slide <= total;
                return [showing ? slide + " / " + total : "", !showing, showing && slide >= total];
            },
        },
    });
})();
