"""The command line. `main` handles errors and start-up, `app` holds the typer app and
loads only the command being run, `options` the shared options and their parsers,
`filters` those that choose rows, `answers` those of the answer's form, `complete` the
completions; each other module holds a few commands, each a few lines: parse, call the
core, print."""
