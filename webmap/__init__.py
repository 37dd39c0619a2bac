"""The map in the browser, no Streamlit: the time map (script and data), offline Leaflet, hatching."""
