"""The Streamlit side: the sidebar, panels and feature tools app.py composes (imports go app.py -> ui/ -> layers/)."""
