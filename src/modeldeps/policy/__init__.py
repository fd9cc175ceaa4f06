"""Policy: license knowledge + an organisation's rules -> findings."""

from modeldeps.policy.codes import INFO, Code
from modeldeps.policy.config import PRESETS, ValidPolicy, load_policy
from modeldeps.policy.evaluate import Evaluation, evaluate, fails

__all__ = [
    "INFO",
    "PRESETS",
    "Code",
    "Evaluation",
    "ValidPolicy",
    "evaluate",
    "fails",
    "load_policy",
]
