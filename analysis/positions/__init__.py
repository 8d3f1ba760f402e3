"""Positions (standpunten) per survey and gemeente, their evidence from the results, draft
suggestions, the corporation's bod with the board's reaction, and what a paper needs of them."""
