"""The Streamlit pages of Evergreen; `app.py` is the entrypoint that wires them up."""
