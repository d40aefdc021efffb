"""The Streamlit screens' pieces, one module per piece of the screen (after datasette's
`views/`): `data` (the dataset, loaded and cached once per process), `layout` (the page
links and the compact map page), `map` (the map's frame: our own component), `panel` (the
area and route panels, the week's changes), `charts` (the weekly charts and the evidence
shares), `status` (the Data page's account of the loaded files), `downloads` (the export
buttons, the GIF, the citation line), `tables` (the tables the panels and pages show),
`text` (data made inert for Streamlit's markdown) and `view` (the map page's view: the
address, the map's reports, Python's commands).

Only presentation lives here; every number and every choice comes from the engine.
"""
