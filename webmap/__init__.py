"""Pure folium map building: offline Leaflet, hatching, the choropleth (no Streamlit)."""
