"""Decision analysis on top of the model: comparison, sensitivity, Monte Carlo, timeline,
a self-hosted model costed as GPU capacity, and unit economics. Pure: no UI or file-format imports."""
