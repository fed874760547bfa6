"""The core: a commitments file's text read into the model, the deadline grammar, the
resolver that turns rules into dates, and the rules every output shares (a row's state,
notes, explanations, changes, findings). No file, terminal or command-line code: a test
holds it to that."""
