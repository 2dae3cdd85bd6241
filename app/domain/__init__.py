"""Pure domain rules: identifiers, dates, code tables, search keys. No I/O, no frameworks."""
