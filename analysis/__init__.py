"""Analysis of responses: tidy DataFrames, statistics, charts and position papers."""
