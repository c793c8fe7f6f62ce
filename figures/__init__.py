"""Pure figure builders: DataFrames and GeoDataFrames in, Plotly figures and traces out."""
