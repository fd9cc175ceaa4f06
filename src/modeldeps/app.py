"""Orchestration: options in, ScanResult out. No click, no printing, no exiting."""

from __future__ import annotations

import os
from collections.abc import Callable

from modeldeps.discover import discover, glob_match
from modeldeps.errors import EXIT_OK, EXIT_POLICY, EXIT_UNRESOLVED
from modeldeps.extract.scanner import extract_files
from modeldeps.model import (
    ApiModelRecord,
    Asset,
    Finding,
    ModelRecord,
    RecordSource,
    Reference,
    ResolveStatus,
    ScanResult,
    ScanStats,
    Severity,
)
from modeldeps.options import ScanOptions
from modeldeps.policy import PRESETS
from modeldeps.record import field, record, replace

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only

if TYPE_CHECKING:
    from modeldeps.knowledge.licenses import LicenseKB
    from modeldeps.policy.config import ValidPolicy
    from modeldeps.policy.evaluate import Evaluation
    from modeldeps.resolve.hub import HubClient
    from modeldeps.resolve.lock import Lock

Progress = Callable[[int, int], None]
Key = tuple[str, str | None]


def _ignored(ref: Reference, options: ScanOptions) -> bool:
    from fnmatch import fnmatchcase

    if any(fnmatchcase(ref.model_id, pat) for pat in options.ignore_models):
        return True
    return any(glob_match(pat, ref.location.path) for pat in options.ignore_paths)


def extract(options: ScanOptions) -> ScanResult:
    """Discover and extract: references only, no network."""
    found = discover(
        options.paths,
        root=options.root,
        exclude=options.exclude,
        include=options.include,
        max_bytes=options.max_file_size,
        use_git=options.use_git,
        cwd=options.cwd,
    )
    extracted = extract_files(
        found.files, options.root, max_bytes=options.max_file_size, jobs=options.jobs
    )
    stats = found.stats
    stats.merge(extracted.stats)
    refs = tuple(
        r
        for r in extracted.references
        if not _ignored(r, options) and (not options.scopes or r.scope in options.scopes)
    )
    partial = any(not os.path.isdir(os.path.join(options.cwd, p)) for p in options.paths)
    notes = tuple(sorted(tuple(found.notes) + extracted.notes, key=lambda n: (n.path, n.line or 0)))
    return ScanResult(
        references=refs, notes=notes, stats=stats, partial=partial, api_models=api_models(refs)
    )


def api_models(refs: tuple[Reference, ...]) -> tuple[ApiModelRecord, ...]:
    """The hosted API models referenced, described by the provider knowledge base alone."""
    api = [r for r in refs if r.asset is Asset.API_MODEL]
    if not api:
        return ()
    from modeldeps.knowledge.providers import load_providers

    kb = load_providers()
    found = dict.fromkeys(kb.describe(r) for r in api)
    return tuple(sorted(found, key=lambda a: (a.id.lower(), a.provider or "")))


def reference_keys(refs: tuple[Reference, ...]) -> list[Key]:
    """What to resolve on the Hub: Hub models, and the open weights behind API models
    (an API model itself is never sent to the Hub; datasets resolve apart)."""
    keys = [(r.model_id, r.revision) for r in refs if r.asset is Asset.MODEL]
    keys += [(a.open_weights, None) for a in api_models(refs) if a.open_weights]
    return list(dict.fromkeys(keys))


def resolve_keys(
    keys: list[Key],
    options: ScanOptions,
    *,
    use_lock: bool = True,
    progress: Progress | None = None,
    lock: Lock | None = None,
) -> tuple[dict[Key, ModelRecord], list[str], int]:
    """Resolve ``keys`` (and their lineage) through lock, cache and Hub (``lock``: the
    lockfile, when the caller read it already)."""
    from modeldeps.resolve import lock as lockfile

    lock = (
        lock
        if lock is not None and use_lock
        else lockfile.read(options.lock_path)
        if (use_lock and options.use_lock and options.lock_path)
        else None
    )
    return _resolve_with(keys, options, lock, use_lock=use_lock, progress=progress)


def _resolve_with(
    keys: list[Key],
    options: ScanOptions,
    lock: Lock | None,
    *,
    use_lock: bool,
    progress: Progress | None = None,
    datasets: bool = False,
) -> tuple[dict[Key, ModelRecord], list[str], int]:
    """Resolve models or (``datasets``) datasets through ``lock``, the cache and the Hub;
    online, the lock entries used are checked at their pins. (records, notes, requests)"""
    import time

    from modeldeps.resolve import lock as lockfile
    from modeldeps.resolve.cache import Cache
    from modeldeps.resolve.resolver import ANONYMOUS_JOBS, DEFAULT_JOBS, ResolveOptions, Resolver

    endpoint = options.hub_endpoint
    cache = None
    if options.use_cache:
        records_dir = os.path.join(options.cache_dir, "records") if options.cache_dir else None
        cache = Cache(
            records_dir,
            endpoint or "default",
            authenticated=options.token_hint,
            kind="dataset" if datasets else "model",
        )

    def client_factory() -> HubClient:
        # Only now, when the Hub is really asked: huggingface_hub is imported, pointed at
        # the mirror first (its telemetry reads HF_ENDPOINT at import), and the token is
        # the one it finds itself (OIDC, HF_TOKEN, the token file with OAuth refresh).
        from modeldeps.resolve import hub

        hub.prepare_library(endpoint, os.environ)
        token, token_error = hub.find_token()
        settings = hub.HubSettings(
            endpoint=endpoint or hub.default_endpoint(),
            token=token,
            token_error=token_error,
            timeout=options.timeout,
            retries=options.retries,
            file_timeout=options.file_timeout,
        )
        if datasets:
            from modeldeps.resolve.datasets import HfDatasetClient

            return HfDatasetClient(settings)
        return hub.HfHubClient(settings)

    started = time.monotonic()
    # Anonymous callers share 500 API calls per 5 minutes per IP (hf-hub-real D1): ask
    # more gently without a token.
    jobs = options.jobs or (DEFAULT_JOBS if options.token_hint else ANONYMOUS_JOBS)
    resolver = Resolver(
        None if options.offline else client_factory,
        cache,
        lock,
        ResolveOptions(
            offline=options.offline,
            jobs=jobs,
            deadline=options.deadline,
            use_lock=use_lock,
        ),
        progress=progress,
    )
    result = resolver.resolve(keys)
    notes, asked = result.notes, result.hub_requests
    used = [r for r in result.records.values() if r.source is RecordSource.LOCK]
    if lock is not None and used and not options.offline:
        # Online, a lock entry is believed only once the Hub confirms it at its pinned
        # commit. That answer cannot change, so the cache keeps it for good and a warm
        # run asks nothing; --offline (the pre-commit hook's setup) trusts the lock.
        checker = Resolver(
            client_factory,
            cache,
            None,
            ResolveOptions(
                jobs=jobs,
                deadline=max(0.0, options.deadline - (time.monotonic() - started)),
                max_depth=0,  # each ancestor in use is a lock entry checked on its own
                use_lock=False,
            ),
        )
        checked = checker.resolve([lockfile.pinned_key(r) for r in used])
        notes = [*notes, *lockfile.verify(lock.path, used, dict(checked.records))]
        asked += checked.hub_requests
    return result.records, list(notes), asked


def load_policy(options: ScanOptions) -> ValidPolicy:
    """The policy named by the options, checked against this version of modeldeps."""
    from modeldeps import __version__
    from modeldeps.policy.config import check_requires
    from modeldeps.policy.config import load_policy as load

    policy = load(options.policy, options.cwd, inline=options.policy_inline)
    check_requires(policy, __version__)
    return policy


def evaluate(
    result: ScanResult, options: ScanOptions, policy: ValidPolicy | None = None
) -> Evaluation:
    """Apply the policy to a resolved result."""
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.policy.evaluate import evaluate as run

    records = {(r.id, r.requested_revision): r for r in result.records}
    return run(
        result.references,
        records,
        policy or load_policy(options),
        load_kb(),
        partial=result.partial or options.new_since is not None,
    )


def run_scan(options: ScanOptions, progress: Progress | None = None) -> ScanResult:
    """Extract; unless --no-resolve, resolve every model and its lineage and apply the policy."""
    # A bad policy file fails before any work; a preset cannot be bad, so it (and the
    # license knowledge base) is loaded only once something was referenced.
    preset = options.policy in PRESETS and options.policy_inline is None
    policy = load_policy(options) if options.resolve and not preset else None
    result = extract(options)
    if not options.resolve:
        return result
    keys = reference_keys(result.references)
    has_api = any(r.asset is Asset.API_MODEL for r in result.references)
    uses_data = any(r.asset is Asset.DATASET for r in result.references)
    if not keys and not has_api and not uses_data and preset and not options.new_since:
        # Nothing to judge: a preset's findings all concern referenced models (a test
        # checks every preset gives none for an empty scan).
        return replace(result, resolved=True)
    # Most commits touch no model: then neither the lockfile nor the resolver is loaded.
    lock = _read_lock(options)
    records, notes, _ = (
        resolve_keys(keys, options, progress=progress, lock=lock) if keys else ({}, [], 0)
    )
    ordered = tuple(sorted(records.values(), key=lambda r: (r.id, r.requested_revision or "")))
    refs, ordered, kind_notes = _ask_the_hub_which_kind(result.references, ordered, options, lock)
    datasets, data_notes = _resolve_datasets(refs, ordered, options, lock)
    notes = [*notes, *kind_notes, *data_notes]
    result = replace(
        result,
        references=refs,
        records=ordered,
        datasets=datasets,
        resolved=True,
        messages=tuple(notes),
    )
    from modeldeps.policy.scopes import apply_scopes

    used = policy or load_policy(options)
    evaluation = evaluate(result, options, used)
    judged = evaluation.findings
    if datasets or uses_data:
        from modeldeps.policy.datasets import evaluate_datasets

        judged = [*judged, *evaluate_datasets(result, used, partial=result.partial)]
    findings = apply_scopes(judged, used.scopes)
    levels = tuple(sorted((m, j.level) for m, j in evaluation.judgements.items()))
    result = replace(result, levels=levels)
    if options.new_since:
        findings, dropped, changed = only_new(findings, options, result.references)
        result = replace(result, changed=changed)
        if dropped:
            notes.append(
                f"--new-since {options.new_since}: {dropped} finding"
                f"{'s' if dropped != 1 else ''} on models the base already used "
                "not shown"
            )
        result = replace(result, messages=tuple(notes))
    return replace(result, findings=tuple(findings))


def _read_lock(options: ScanOptions) -> Lock | None:
    """The lockfile, read once per scan (models and datasets both use it)."""
    if not (options.use_lock and options.lock_path):
        return None
    from modeldeps.resolve import lock as lockfile

    return lockfile.read(options.lock_path)


def _ask_the_hub_which_kind(
    refs: tuple[Reference, ...],
    models: tuple[ModelRecord, ...],
    options: ScanOptions,
    lock: Lock | None = None,
) -> tuple[tuple[Reference, ...], tuple[ModelRecord, ...], list[str]]:
    """Where the context said model but the Hub has no such model, ask whether it has a
    dataset of that name; if so the references name that dataset (flag ``kind-from-hub``:
    an inference from the Hub, shown as one) and the model record goes."""
    missing = [r.key for r in models if r.status is ResolveStatus.NOT_FOUND]
    if not missing:
        return refs, models, []
    found, _notes = resolve_dataset_keys(missing, options, lock=lock)
    hits = {k for k, r in found.items() if r.status is ResolveStatus.OK and k in missing}
    if not hits:
        return refs, models, []
    moved = tuple(
        replace(r, asset=Asset.DATASET, flags=r.flags | {"kind-from-hub"})
        if r.asset is Asset.MODEL and (r.model_id, r.revision) in hits
        else r
        for r in refs
    )
    kept = tuple(r for r in models if r.key not in hits)
    names = ", ".join(sorted(k[0] for k in hits))
    note = f"the Hub has no model but a dataset named {names}: reported as a dataset"
    return moved, kept, [note]


def _resolve_datasets(
    refs: tuple[Reference, ...],
    models: tuple[ModelRecord, ...],
    options: ScanOptions,
    lock: Lock | None = None,
) -> tuple[tuple[ModelRecord, ...], list[str]]:
    """The datasets used directly and every resolved model's declared training data."""
    from modeldeps.extract.datasets import dataset_keys

    keys = dataset_keys(refs, models)
    if not keys:
        return (), []
    found, notes = resolve_dataset_keys(keys, options, lock=lock)
    ordered = tuple(sorted(found.values(), key=lambda r: (r.id, r.requested_revision or "")))
    return ordered, notes


def only_new(
    findings: list[Finding], options: ScanOptions, refs: tuple[Reference, ...] = ()
) -> tuple[list[Finding], int, tuple[Key, ...]]:
    """Keep findings for references whose model the base revision did not reference.

    Also returns the (model, revision) pairs of ``refs`` the base did not reference:
    what the change adds or changes (a pull-request comment lists them).
    """
    from modeldeps.extract.gitbase import keys_at

    assert options.new_since is not None
    base = keys_at(
        options.new_since, options.cwd, exclude=options.exclude, max_bytes=options.max_file_size
    )
    changed = tuple(k for k in reference_keys(refs) if k not in base)
    kept: list[Finding] = []
    dropped = 0
    for f in findings:
        if not f.references:
            kept.append(f)
            continue
        refs = tuple(r for r in f.references if (r.model_id, r.revision) not in base)
        if refs:
            kept.append(replace(f, references=refs))
        else:
            dropped += 1
    return kept, dropped, changed


def unresolved(result: ScanResult) -> list[ModelRecord]:
    return [r for r in result.records if r.status is not ResolveStatus.OK]


def exit_code(result: ScanResult, options: ScanOptions) -> int:
    """0 clean, 1 policy failure, 3 unresolved and the policy says that fails (errors.py)."""
    if not result.findings:
        return EXIT_OK  # most commits: no need to load the policy machinery to say so
    from modeldeps.policy.evaluate import fails

    policy_fail, unresolved_fail = fails(result.findings, Severity(options.fail_on))
    if policy_fail:
        return EXIT_POLICY
    if unresolved_fail:
        return EXIT_UNRESOLVED
    return EXIT_OK


def explain(
    options: ScanOptions, model_id: str, revision: str | None, *, dataset: bool = False
) -> tuple[str, int]:
    """Resolve one model (or dataset) and explain the policy's decision; (text, exit code).

    A dataset is named by ``dataset=True``, or as ``datasets/ID`` or its Hub URL; an id
    the Hub has no model for is looked up as a dataset before giving up.
    """
    from modeldeps.extract.datasets import dataset_id_of
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.model import Location, ReferenceKind
    from modeldeps.policy.evaluate import evaluate as run
    from modeldeps.report.explain import render_explain

    named = dataset_id_of(model_id)
    if dataset or named:
        return explain_dataset(options, named or model_id, revision)
    policy = load_policy(options)
    api = _explain_api(options, policy, model_id) if revision is None else None
    if api is not None:
        return api
    key = (model_id, revision)
    records, _notes, _ = resolve_keys([key], options)
    if records.get(key) is not None and records[key].status is ResolveStatus.NOT_FOUND:
        text, code = explain_dataset(options, model_id, revision)
        if "(dataset)\n  status:" not in text:  # the Hub has a dataset of that name
            return f"{model_id}: no model of that name; it is a dataset\n\n{text}", code
    ref = Reference(model_id, revision, Location("(explain)", 1, 1), ReferenceKind.CLI_ARG)
    evaluation = run([ref], records, policy, load_kb(), partial=True)
    text = render_explain(
        key, records, load_kb(), evaluation.trace.get(key, []), evaluation.findings, policy.source
    )
    rec = records.get(key)
    if rec is not None and rec.status is ResolveStatus.OK:
        from modeldeps.textsafe import block

        lines = model_training_lines(key, records, options)
        section = (
            "Training data (declared on the cards of the model and its lineage):\n"
            + block("\n".join(lines).rstrip("\n"))
            + "\n\n"
        )
        head, sep, verdict = text.rpartition("Verdict: ")
        text = head + section + sep + verdict if sep else text + "\n" + section
    result = ScanResult(
        (ref,),
        (),
        ScanStats(),
        tuple(records.values()),
        tuple(evaluation.findings),
        partial=True,
        resolved=True,
    )
    return text, exit_code(result, options)


def _explain_api(options: ScanOptions, policy: ValidPolicy, name: str) -> tuple[str, int] | None:
    """Explain a hosted API model from the knowledge base and the policy (no network);
    None when ``name`` is no API model name (then it is a Hub id)."""
    from modeldeps.extract.api import ROUTES
    from modeldeps.knowledge.providers import load_providers
    from modeldeps.model import Location, ReferenceKind
    from modeldeps.policy.evaluate import evaluate as run

    kb = load_providers()
    flags: set[str] = set()
    model = name
    for sep in (":", "/"):
        prefix, found, rest = name.partition(sep)
        if found and prefix.lower() in ROUTES and kb.lookup(rest.rsplit("/", 1)[-1]):
            flags = {f"route:{prefix.lower()}", f"provider:{ROUTES[prefix.lower()]}"}
            model = rest
            break
    if not flags and kb.lookup(model) is None:
        return None
    ref = Reference(
        model,
        None,
        Location("(explain)", 1, 1),
        ReferenceKind.CLI_ARG,
        flags=frozenset(flags),
        asset=Asset.API_MODEL,
    )
    evaluation = run([ref], {}, policy, load_kb_for_explain(), partial=True)
    rec = kb.describe(ref)
    from modeldeps.report.apimodels import describe

    lines = [f"{model}: hosted API model (never downloaded; judged offline)", f"  {describe(rec)}"]
    lines.append(f"  knowledge base: {rec.facts or 'not known'}")
    if rec.retired:
        lines.append(f"  retired: {rec.retired} [{rec.retired_source}]")
    for key in dict.fromkeys(p for p in (rec.provider, rec.creator) if p):
        provider = kb.provider(key)
        if provider is None:
            continue
        lines.append(f"  provider {provider.name} ({provider.kind}): {provider.url}")
        for term, fact in provider.terms.items():
            text = fact.clause or str(fact.value)
            lines.append(f"    {term}: {fact.value} - {text} [{fact.cite()}]")
        for tier, fact in provider.inputs_training.items():
            lines.append(
                f"    inputs used for training ({tier} tier): {fact.value} [{fact.cite()}]"
            )
    lines.append(f"policy: {policy.source}")
    for step in evaluation.trace.get((model, None), []):
        lines.append(f"  {step}")
    for f in evaluation.findings:
        lines.append(f"  {f.severity}: {f.code}: {f.message}")
    if not evaluation.findings:
        lines.append("  no findings")
    result = ScanResult(
        (ref,), (), ScanStats(), (), tuple(evaluation.findings), partial=True, resolved=True
    )
    return "\n".join(lines) + "\n", exit_code(result, options)


def load_kb_for_explain() -> LicenseKB:
    from modeldeps.knowledge.licenses import load_kb

    return load_kb()


@record
class LockOutcome:
    path: str
    written: bool
    diff: list[str]
    unresolved: list[ModelRecord]  # could not be resolved now and had no pin to keep
    records: int  # entries in the lock written (or that would be written)
    # old pins kept because their model could not be resolved now, with why
    kept: list[tuple[ModelRecord, str]] = field(default_factory=list)
    datasets: int = 0  # how many of the entries are datasets

    @property
    def complete(self) -> bool:
        """Every referenced model was asked and answered."""
        return not self.unresolved and not self.kept


def run_lock(options: ScanOptions, *, check: bool, progress: Progress | None = None) -> LockOutcome:
    """Resolve everything referenced from the Hub (ignoring the lock) and write or check it.

    A model the Hub could not answer for this time keeps its old pin (and the
    pins of its ancestors): ``lock`` never loses a pin to an outage.
    """
    from modeldeps.resolve import lock as lockfile

    assert options.lock_path is not None
    old = lockfile.read(options.lock_path)  # an unusable lock fails before any work
    scanned = extract(options)
    keys = reference_keys(scanned.references)
    records, _notes, _ = resolve_keys(keys, options, use_lock=False, progress=progress)
    merged = lockfile.merge(old, records)
    changes = lockfile.diff(old, merged.records, set(keys))

    data, data_changes, data_failed, data_kept = lock_datasets(
        options, scanned.references, records, old
    )
    merged = replace(
        merged,
        records=[*merged.records, *data],
        failed=[*merged.failed, *data_failed],
        kept=[*merged.kept, *data_kept],
    )
    changes += data_changes
    if old is None and not check:
        changes = [
            f"+ {'dataset ' if a == Asset.DATASET else ''}{k[0]}{'@' + k[1] if k[1] else ''}"
            for a, k in sorted(
                ((r.asset, r.key) for r in merged.records),
                key=lambda ak: (ak[0] != Asset.MODEL, ak[1][0], ak[1][1] or ""),
            )
        ]
    if check:
        if old is None:
            changes = [f"{options.lock_path}: no lockfile; run 'modeldeps lock'"]
        return LockOutcome(
            options.lock_path,
            False,
            changes,
            merged.failed,
            len(merged.records),
            merged.kept,
            len(data),
        )
    lockfile.write(options.lock_path, merged.records)
    return LockOutcome(
        options.lock_path,
        True,
        changes,
        merged.failed,
        len(merged.records),
        merged.kept,
        len(data),
    )


# -- datasets (issue 16) ----------------------------------------------------------


def explain_dataset(options: ScanOptions, dataset_id: str, revision: str | None) -> tuple[str, int]:
    """Resolve one dataset and explain both roles' decisions; (text, exit code)."""
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.model import Location, ReferenceKind
    from modeldeps.policy.datasets import evaluate_datasets
    from modeldeps.report.explain_datasets import render_dataset

    policy = load_policy(options)
    key = (dataset_id, revision)
    records, _notes = resolve_dataset_keys([key], options)
    ref = Reference(
        dataset_id,
        revision,
        Location("(explain)", 1, 1),
        ReferenceKind.CLI_ARG,
        asset=Asset.DATASET,
    )
    result = ScanResult(
        (ref,),
        (),
        ScanStats(),
        (),
        partial=True,
        resolved=True,
        datasets=tuple(records.values()),
    )
    findings = evaluate_datasets(result, policy, load_kb(), partial=True)
    text = render_dataset(key, records, load_kb(), policy, findings)
    from modeldeps.record import replace

    return text, exit_code(replace(result, findings=tuple(findings)), options)


def model_training_lines(
    key: Key, models: dict[Key, ModelRecord], options: ScanOptions
) -> list[str]:
    """For ``explain MODEL``: its training data, own and inherited, with licenses."""
    from modeldeps.extract.datasets import dataset_keys
    from modeldeps.report.training_data import inventory, render_text_lines

    data, _notes = resolve_dataset_keys(dataset_keys((), models.values()), options)
    items = inventory([key], models, data, load_policy(options))
    return render_text_lines(items, header=False)


def resolve_dataset_keys(
    keys: list[Key], options: ScanOptions, *, use_lock: bool = True, lock: Lock | None = None
) -> tuple[dict[Key, ModelRecord], list[str]]:
    """Resolve datasets (and the sources they derive from) through lock, cache and Hub,
    with the models' settings; an online run checks the lock entries it used as
    ``resolve_keys`` does for models."""
    from modeldeps.resolve import lock as lockfile

    if not keys:
        return {}, []
    if lock is None and use_lock and options.use_lock and options.lock_path:
        lock = lockfile.read(options.lock_path)
    view = lock.dataset_view() if (lock is not None and use_lock) else None
    found, notes, _asked = _resolve_with(keys, options, view, use_lock=use_lock, datasets=True)
    # records the resolver made itself (offline miss, deadline) say they are datasets
    records = {
        k: r if r.asset is Asset.DATASET else replace(r, asset=Asset.DATASET)
        for k, r in found.items()
    }
    return records, notes


def lock_datasets(
    options: ScanOptions,
    refs: tuple[Reference, ...],
    models: dict[Key, ModelRecord],
    old: Lock | None,
) -> tuple[list[ModelRecord], list[str], list[ModelRecord], list[tuple[ModelRecord, str]]]:
    """The dataset entries ``lock`` writes: (records, diff lines, failed, kept)."""
    from modeldeps.extract.datasets import dataset_keys
    from modeldeps.resolve import lock as lockfile

    keys = dataset_keys(refs, models.values())
    fresh, _notes = resolve_dataset_keys(keys, options, use_lock=False)
    view = old.dataset_view() if old is not None else None
    merged = lockfile.merge(view, fresh)
    changes = [f"{c[:2]}dataset {c[2:]}" for c in lockfile.diff(view, merged.records, set(keys))]
    # Only a dataset the repository uses makes the lock incomplete; a model card's
    # datasets: entry the Hub does not know (free text, a deleted repo) is the card's gap
    used = {(r.model_id, r.revision) for r in refs if r.asset is Asset.DATASET}
    failed = [r for r in merged.failed if r.key in used]
    return merged.records, changes, failed, merged.kept
