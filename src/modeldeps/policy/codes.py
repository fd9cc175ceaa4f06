"""Finding codes: stable, kebab-case, each with a default severity and a description.

docs/codes.md documents every code; a test keeps the two in step.
"""

from __future__ import annotations

from enum import StrEnum

from modeldeps.model import Severity
from modeldeps.record import record


class Code(StrEnum):
    LICENSE_DENIED = "license-denied"
    LICENSE_REVIEW = "license-review"
    LICENSE_UNKNOWN = "license-unknown"
    LICENSE_UNMATCHED = "license-unmatched"
    LICENSE_CONDITION = "license-condition"
    LICENSE_REGION = "license-region"
    LICENSE_DUTY = "license-duty"
    LICENSE_MISMATCH = "license-mismatch"
    LINEAGE_DENIED = "lineage-denied"
    LINEAGE_REVIEW = "lineage-review"
    LINEAGE_TRUNCATED = "lineage-truncated"
    LINEAGE_SUSPECTED = "lineage-suspected"
    LICENSE_TEXT_UNKNOWN_VERSION = "license-text-unknown-version"
    REGION_GATE_MISMATCH = "region-gate-mismatch"
    UNRESOLVED = "unresolved"
    UNPINNED_REVISION = "unpinned-revision"
    TRUST_REMOTE_CODE = "trust-remote-code"
    PICKLE_WEIGHTS = "pickle-weights"
    GATED_MODEL = "gated-model"
    STALE_MODEL = "stale-model"
    NO_TRAINING_DATA = "no-training-data"
    DATASET_LICENSE_DENIED = "dataset-license-denied"
    DATASET_LICENSE_REVIEW = "dataset-license-review"
    DATASET_LICENSE_UNKNOWN = "dataset-license-unknown"
    TRAINING_DATA_REVIEW = "training-data-review"
    TRAINING_DATA_DENIED = "training-data-denied"
    CLARIFICATION_LAPSED = "clarification-lapsed"
    EXCEPTION_EXPIRED = "exception-expired"
    EXCEPTION_NOT_ENCOUNTERED = "exception-not-encountered"
    LICENSE_NOT_ENCOUNTERED = "license-not-encountered"
    API_RETIRED = "api-retired"
    API_UNAPPROVED_PROVIDER = "api-unapproved-provider"
    API_PROVIDER_REVIEW = "api-provider-review"
    API_UNKNOWN_MODEL = "api-unknown-model"
    API_TERMS_CONFLICT = "api-terms-conflict"
    API_INPUT_TRAINING = "api-input-training"
    API_TERMS_DUTY = "api-terms-duty"


@record
class CodeInfo:
    severity: Severity
    summary: str


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

INFO: dict[Code, CodeInfo] = {
    Code.LICENSE_DENIED: CodeInfo(E, "The model's license is not allowed by the policy."),
    Code.LICENSE_REVIEW: CodeInfo(W, "The model's license needs review before use."),
    Code.LICENSE_UNKNOWN: CodeInfo(
        E, "The model declares no license, or one modeldeps does not know."
    ),
    Code.LICENSE_UNMATCHED: CodeInfo(
        W,
        "The card says 'other' and neither its license_name nor "
        "its LICENSE file matches a known license.",
    ),
    Code.LICENSE_CONDITION: CodeInfo(
        E,
        "A condition of the license fails for your organisation "
        "(commercial use, user or revenue cap, training on "
        "outputs).",
    ),
    Code.LICENSE_REGION: CodeInfo(
        W, "The license withholds rights in a region your organisation operates in."
    ),
    Code.LICENSE_DUTY: CodeInfo(
        N, "Obligations that come with using the model (attribution, naming, use policy)."
    ),
    Code.LICENSE_MISMATCH: CodeInfo(
        W, "The card declares a less restrictive license than a model it derives from."
    ),
    Code.LINEAGE_DENIED: CodeInfo(
        E, "A model this one derives from is under a license the policy denies."
    ),
    Code.LINEAGE_REVIEW: CodeInfo(
        W, "A model this one derives from is under a license that needs review."
    ),
    Code.LINEAGE_TRUNCATED: CodeInfo(
        E,
        "The lineage is deeper than modeldeps follows, so an ancestor's license was never judged.",
    ),
    Code.LINEAGE_SUSPECTED: CodeInfo(
        W,
        "Weak evidence (the name, a tag, or whatever lineage.infer caps at review) says the "
        "model may derive from a family whose terms would matter; shown as an inference.",
    ),
    Code.LICENSE_TEXT_UNKNOWN_VERSION: CodeInfo(
        W,
        "The repository's LICENSE text matches none of the known versions of the license "
        "it declares: the terms may have changed.",
    ),
    Code.REGION_GATE_MISMATCH: CodeInfo(
        W,
        "The Hub gate withholds the model in a region the license itself does not exclude "
        "(or the other way round).",
    ),
    Code.UNRESOLVED: CodeInfo(E, "The model could not be resolved, so its license is unknown."),
    Code.UNPINNED_REVISION: CodeInfo(
        W, "The reference does not pin a commit sha, so what it loads can change."
    ),
    Code.TRUST_REMOTE_CODE: CodeInfo(
        E, "The reference runs code from the model repository (trust_remote_code=True)."
    ),
    Code.PICKLE_WEIGHTS: CodeInfo(W, "The model ships pickle weights and no safetensors."),
    Code.GATED_MODEL: CodeInfo(W, "The model is gated: its terms must be accepted on the Hub."),
    Code.STALE_MODEL: CodeInfo(
        W, "The model has not been updated for longer than the policy allows."
    ),
    Code.NO_TRAINING_DATA: CodeInfo(W, "The model card declares no training data."),
    Code.DATASET_LICENSE_DENIED: CodeInfo(
        E, "A dataset the repository uses is under a license the policy denies."
    ),
    Code.DATASET_LICENSE_REVIEW: CodeInfo(
        W, "A dataset the repository uses is under a license that needs review."
    ),
    Code.DATASET_LICENSE_UNKNOWN: CodeInfo(
        W, "A dataset the repository uses declares no license, or one modeldeps does not know."
    ),
    Code.TRAINING_DATA_REVIEW: CodeInfo(
        W,
        "A model was trained on a dataset (its own or inherited from its base) whose "
        "license needs review.",
    ),
    Code.TRAINING_DATA_DENIED: CodeInfo(
        E, "A model was trained on a dataset whose license the policy denies for training data."
    ),
    Code.CLARIFICATION_LAPSED: CodeInfo(
        W, "A clarification no longer applies because the model changed upstream."
    ),
    Code.EXCEPTION_EXPIRED: CodeInfo(
        E, "An exception has passed its expiry date and no longer waives anything."
    ),
    Code.EXCEPTION_NOT_ENCOUNTERED: CodeInfo(N, "An exception matched nothing in this scan."),
    Code.LICENSE_NOT_ENCOUNTERED: CodeInfo(
        N, "A license the policy allows was not used by any model in this scan."
    ),
    Code.API_RETIRED: CodeInfo(
        E,
        "The provider retired the API model (error after the date; a warning within "
        "90 days before it).",
    ),
    Code.API_UNAPPROVED_PROVIDER: CodeInfo(
        E, "The API model's provider (or the model) is denied or not approved by the policy."
    ),
    Code.API_PROVIDER_REVIEW: CodeInfo(
        W, "The API model's provider (or the model) needs review before use."
    ),
    Code.API_UNKNOWN_MODEL: CodeInfo(
        W, "A hosted API model name the provider knowledge base does not know."
    ),
    Code.API_TERMS_CONFLICT: CodeInfo(
        E,
        "A provider term conflicts with your organisation's facts (training models on "
        "outputs against a no-competing-models clause, an excluded region).",
    ),
    Code.API_INPUT_TRAINING: CodeInfo(
        W, "The provider uses inputs for training by default at the tier the policy names."
    ),
    Code.API_TERMS_DUTY: CodeInfo(
        N, "Obligations of using the provider (its usage policy, age limits, data location)."
    ),
}

# Where each code's documentation lives once the repository is published (SARIF helpUri).
HELP_URI = "https://github.com/modeldeps/modeldeps/blob/main/docs/codes.md#{code}"
