"""The survey domain: surveys, sections, questions, the question bank and the answer types."""
