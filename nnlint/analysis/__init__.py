"""Turning a parsed module into neutral facts that rules query."""
