"""Knowledge: facts with sources (licenses; known model families and API providers to come).

Consulted by every later stage; imports nothing from them. The YAML sources
beside each module are compiled into JSON package data at build time
(``scripts/compile_data.py``), so a run reads JSON and needs no YAML parser.
"""
