"""Streamlit-aware helpers shared by the pages: state and URL, data access, i18n, widgets, tables."""
