"""Batch runs in TREC format and their evaluation."""
