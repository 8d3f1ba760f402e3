"""Coding open answers: a codebook per survey, codes per answer, and quotes checked by a person."""
