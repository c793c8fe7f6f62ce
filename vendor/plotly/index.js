// plotly.js with the trace types the dashboard's figures use, and the French locale.
// scatter is part of plotly.js/lib/core. Add a trace type here when a figure starts using it.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattermap'),
    require('plotly.js/lib/choroplethmap'),
    require('plotly.js/lib/locales/fr')
]);

module.exports = Plotly;
