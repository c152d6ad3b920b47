"""Pure workshop rules: no Flask, no database, only plain Python and named errors."""
