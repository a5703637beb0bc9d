"""Coursework: exercise forms, answer keys and grading."""
