"""The outputs: what people and programs read, drawn from the core's views: tables and
trees for a terminal, JSON, CSV and annotations, the calendar, the status page and its
chart, with the JSON Schemas of what they write. No file or command-line code."""
