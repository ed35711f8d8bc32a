"""The layers between the page and geo/: declarations, loading, filtering, the map renderer (no Streamlit)."""
