"""Readers and writers: the canonical CSV, JSON and JSONL, and dataset adapters."""
