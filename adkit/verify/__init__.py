"""Verification of a trace against sympy and finite differences."""
