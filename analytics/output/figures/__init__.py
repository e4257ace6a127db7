"""Figure builders: one per view, DataFrame in, Plotly figure out, in the house style (see style.py)."""
