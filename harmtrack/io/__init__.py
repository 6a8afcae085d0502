"""Readers and writers: the canonical CSV, JSON and JSONL, and dataset adapters.

- formats.py: ImportFormat, the import formats' names (imports nothing else);
- base.py: what readers are made of: Source, Row, CsvRows, Reader, DatasetReader;
- readers.py: the canonical readers (CSV, JSON, JSONL);
- acled.py, ucdp.py: the dataset adapters;
- open.py: open_reader, which detects the format and picks the reader;
- canonical.py, writers.py, geojson.py: records out.

Only open.py imports the readers; they import base.py and formats.py.
"""
