"""Policy: license knowledge + an organisation's rules -> findings.

``config`` validates policy files, ``evaluate`` judges records, ``codes`` names
every finding. This package imports none of them, so a run that references no
model (or only needs a finding code) loads no policy machinery.
"""

# The presets shipped in the wheel (policies/*.yaml, compiled into data/presets.json).
PRESETS = ("permissive", "commercial", "research")
