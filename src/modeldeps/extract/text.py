"""Plain-text extractors: Hub URLs in any text, and shell-like command lines.

The shell pass covers shell scripts, Dockerfiles, Makefiles, ``.env`` files,
and (through the config extractor) CI ``run:`` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from modeldeps.extract import datasets, ids
from modeldeps.extract.base import FileContext, key_strength, norm_key
from modeldeps.extract.ids import Strength
from modeldeps.extract.prefilter import SHELL_KEYWORDS, URL_KEYWORDS
from modeldeps.lazyre import lazy
from modeldeps.model import ReferenceKind

PosFn = Callable[[int], tuple[int, int]]


_URL_RE = lazy(
    r"(?<![\w.-])(?:https?://)?(?:www\.|api-inference\.|router\.)?(?:huggingface\.co|hf\.co)/"
    r"[A-Za-z0-9_.~%/@:+=-]+",
    re.IGNORECASE,
)
_ENDPOINT_URL_RE = lazy(
    r"\{[^{}\n]*(?:HF_ENDPOINT|hf_endpoint|HUGGINGFACE_CO|HF_HUB_ENDPOINT|hub_endpoint)[^{}\n]*\}/"
    r"((?:datasets/)?[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*(?:/[\w.@/%{}-]*)?)"
)
_HF_URI_RE = lazy(r"(?<![\w-])(?:hf|huggingface)://[A-Za-z0-9_.~/@+-]+", re.IGNORECASE)

_VALUE = r"""("[^"\n]*"|'[^'\n]*'|[^\s;|&)(<>'"`,]+)"""
_GAP = r"(?:=|[ \t]+(?:\\\r?\n[ \t]*)?)"
# an assignment's value may be a comma-separated list (ADAPTERS=org/a,org/b)
_LIST_VALUE = r"""("[^"\n]*"|'[^'\n]*'|[^\s;|&)(<>'"`]+)"""

# Any long flag; which ones name models is decided by key_strength(), the same rule
# as for config keys and keyword arguments (--model, --base_model_name_or_path,
# --pretrained_vae_model_name_or_path, --teacher-model, ...).
_FLAG_NAME = r"[A-Za-z][\w.-]*"
# (a flag is no value: --enable-lora --lora-modules x=org/y leaves the second flag whole)
_FLAG_RE = lazy(rf"(?<![\w-])--({_FLAG_NAME}){_GAP}(?!--?[A-Za-z]){_VALUE}")
# Exec-form arrays: CMD ["serve", "--model", "org/name"], args: ["--model", "org/name"]
_ARRAY_FLAG_RE = lazy(rf"""["']--({_FLAG_NAME})["'][ \t]*,[ \t]*["']([^"'\n]+)["']""")
# ${MODEL_ID:-org/name} and ${MODEL_ID:=org/name} defaults
_PARAM_DEFAULT_RE = lazy(
    r"""(?:\b([A-Za-z_]\w*)=)?\$\{([A-Za-z0-9_]+):?[-=]["']?([^}"'\s]+)["']?\}"""
)
_MODEL_DIR_FLAG_RE = lazy(
    r"(?:initial_|base_|pretrained_)?(?:checkpoint|ckpt|tokenizer|model|teacher)[_-]dir"
)
_SHORT_HF_RE = lazy(rf"(?<![\w-])-(hf|hfr){_GAP}{_VALUE}")
_VLLM_SERVE_RE = lazy(rf"\bvllm[ \t]+serve[ \t]+(?:\\\r?\n[ \t]*)?{_VALUE}")
# a line continuation (``\`` then a newline) may stand wherever a blank does
_SP = r"(?:[ \t]+|[ \t]*\\\r?\n[ \t]*)+"
_DOWNLOAD_RE = lazy(
    rf"\b(?:huggingface-cli|hf)[ \t]+download{_SP}(?:--?[\w-]+(?:=\S+)?{_SP})*{_VALUE}"
)
_REPO_TYPE_RE = lazy(r"--repo[-_]type[= \t]+[\"']?(dataset|space)")
_LIST_ITEM_RE = lazy(r"[^\s\\]+")
_ID_TOKEN_RE = lazy(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")
_MODEL_ARGS_RE = lazy(rf"--model[-_]args{_GAP}(\"[^\"\n]*\"|'[^'\n]*'|[^\s;|&)(<>'\"`]+)")
# `-m org/name` (mteb, llama.cpp, ...): `python -m` takes a module, which has no slash
_SHORT_M_RE = lazy(rf"(?<![\w-])-m{_GAP}([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)(?![\w/.-])")
_KV_MODEL_RE = lazy(
    r"(?:^|[,\s:\"'])(pretrained|tokenizer|peft|base_model|delta|model|model_name|model_id|"
    r"model_name_or_path|tokenizer_name|lora|adapter)=([^,\s\"'\\]+)"
)
_QUOTED_ARGS_RE = lazy(
    r"""(?<![\w=])(["'])((?:model_name|pretrained|model_name_or_path)=[^"'\n]+)\1"""
)
_ASSIGN_RE = lazy(
    r"(?:^|(?<=[\s;(]))"
    r"(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+|declare[ \t]+(?:-\w+[ \t]+)?)?"
    rf"([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?=|:=|\+=|=)[ \t]*{_LIST_VALUE}",
    re.MULTILINE,
)
# A JSON body on a command line: curl -d '{"model": "org/name", "prompt": ...}'
_JSON_PAIR_RE = lazy(r"""["']([A-Za-z_][\w.-]*)["'][ \t]*:[ \t]*["']([^"'\n]+)["']""")
_DOCKER_ENV_RE = lazy(
    rf"^[ \t]*(?:ENV|ARG)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+{_VALUE}[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _logical_line_end(text: str, start: int) -> int:
    """End of the (backslash-continued) command line that ``start`` is in."""
    pos = start
    while True:
        nl = text.find("\n", pos)
        if nl == -1:
            return len(text)
        if (nl > 0 and text[nl - 1] == "\\") or (nl > 1 and text[nl - 2 : nl] == "\\\r"):
            pos = nl + 1
            continue
        return nl


def scan_urls(ctx: FileContext, text: str | None = None, pos: PosFn | None = None) -> None:
    """Report ``https://huggingface.co/ORG/NAME`` URLs and ``hf://`` paths in any text."""
    body = ctx.text if text is None else text
    where = ctx.lines.line_col if pos is None else pos
    low = body.lower()
    if not any(tok in low for tok in URL_KEYWORDS):
        return
    for m in _URL_RE.finditer(body):
        url = m.group(0).rstrip(".,;:)")
        tail = url.split(".co/", 1)[1] if ".co/" in url else url
        if tail[:4].lower() == "api/" and tail[4:11].lower() in ("models/", "dataset"):
            tail = tail[4:]  # the Hub API's URL of a repo: /api/datasets/org/x/parquet/...
        dataset = tail[:9].lower() == "datasets/"
        if "router." in url[:20].lower() and "models/" not in tail and not dataset:
            continue  # an inference provider's endpoint (router.huggingface.co/nebius/v1)
        _hub_path(ctx, tail, where(m.start()))
    if "endpoint" in low and "}/" in body:
        # f"{HF_ENDPOINT}/datasets/org/x/resolve/main/", f"{os.getenv('HF_ENDPOINT', ...)}/org/x":
        # the Hub (or its mirror) named by the endpoint variable
        for m in _ENDPOINT_URL_RE.finditer(body):
            _hub_path(ctx, m.group(1), where(m.start(1)))
    if "hf://" in low or "huggingface://" in low:
        for m in _HF_URI_RE.finditer(body):
            uri = m.group(0).rstrip(".,;:)")
            rest = uri.partition("://")[2]
            if rest[:9] == "datasets/":  # hf://datasets/org/name/... (pandas, polars, duckdb)
                _dataset_path(ctx, rest, where(m.start()))
                continue
            parsed = ids.parse_hf_uri(uri)
            if parsed is None:
                continue
            line, col = where(m.start())
            ctx.add(parsed[0], line, col, ReferenceKind.URL, Strength.STRONG, revision=parsed[1])


# Options of `hf download` that take a value as the next word.
_DOWNLOAD_VALUED = frozenset(
    "--repo-type --repo_type --revision --local-dir --local_dir --cache-dir --cache_dir "
    "--include --exclude --token --max-workers --max_workers".split()
)


def _hub_path(ctx: FileContext, tail: str, at: tuple[int, int]) -> None:
    """What a Hub URL's path after the host names: a dataset (``datasets/org/x/...``) or a
    model (``org/x/resolve/main/...``)."""
    if tail[:9].lower() == "datasets/":
        _dataset_path(ctx, tail, at)
        return
    parsed = ids.parse_hub_url(tail)
    if parsed is not None:
        ctx.add(parsed[0], at[0], at[1], ReferenceKind.URL, Strength.STRONG, revision=parsed[1])


def _download_repo(body: str, start: int, end: int) -> tuple[str, int] | None:
    """The repository argument of ``hf download [OPTIONS] REPO [FILES]`` and its offset."""
    words = [(w.group(0), w.start()) for w in _LIST_ITEM_RE.finditer(body, start, end)]
    i = next((k + 1 for k, (w, _at) in enumerate(words) if w == "download"), len(words))
    while i < len(words):
        word, at = words[i]
        if word.startswith("-"):
            i += 2 if word in _DOWNLOAD_VALUED else 1
            continue
        return word, at
    return None


def _dataset_path(ctx: FileContext, path: str, at: tuple[int, int]) -> None:
    """``datasets/org/name[/...]`` from a Hub URL or an ``hf://`` path: a dataset."""
    if _MEDIA_FILE_RE.search(path.split("?", 1)[0]):
        return  # an image a page shows from a dataset repo (documentation-images)
    parsed = datasets.parse_path(path, required=True)
    if parsed is None:
        return
    dataset_id, revision = parsed
    if "/" not in dataset_id and dataset_id.lower() in ("viewer", "search"):
        return  # site pages
    ctx.add_dataset(
        dataset_id,
        at[0],
        at[1],
        ReferenceKind.URL,
        Strength.STRONG,
        revision=revision,
        bare=datasets.CALL,  # huggingface.co/datasets/gsm8k names the legacy dataset
    )


_MEDIA_FILE_RE = lazy(
    r"/(?:resolve|blob|raw)/[^\s]*\.(?:png|jpe?g|gif|svg|webp|mp4|webm|mov|mp3|wav)$", re.IGNORECASE
)


def scan_shell(ctx: FileContext, text: str | None = None, pos: PosFn | None = None) -> None:
    """Report models named on command lines and in environment assignments."""
    body = ctx.text if text is None else text
    where = ctx.lines.line_col if pos is None else pos
    low = body.lower()
    if "/" not in body and not any(tok in low for tok in SHELL_KEYWORDS):
        return  # nothing id-shaped and no legacy-id context

    def report(value: str, offset: int, kind: ReferenceKind, strength: Strength) -> None:
        line, col = where(offset)
        inner = _unquote(value)
        if inner != value and "${" in inner:
            col += 1  # ctx.add finds a ${NAME:-default}'s default; count from the quote
        ctx.add(inner, line, col, kind, strength)

    def report_list(value: str, offset: int, kind: ReferenceKind, strength: Strength) -> None:
        """A value that may be a comma-separated list: ADAPTERS=org/a,org/b@rev."""
        inner = _unquote(value)
        if "," not in inner:
            report(value, offset, kind, strength)
            return
        shift = offset + (1 if inner != value else 0)
        pos = 0
        for part in inner.split(","):
            name = part.split("=", 1)[-1].strip()  # alias=org/name entries
            if name:
                report(name, shift + pos + part.index(name), kind, strength)
            pos += len(part) + 1

    def report_dataset(
        value: str, offset: int, kind: ReferenceKind, strength: Strength, bare: int = 0
    ) -> None:
        line, col = where(offset)
        ctx.add_dataset(_unquote(value), line, col, kind, strength, bare=bare)

    dataset_tool = "dataset" in low  # lerobot-edit-dataset --repo_id org/x
    for m in _FLAG_RE.finditer(body):
        flag = m.group(1)
        strength = key_strength(flag)
        if strength is Strength.WEAK and dataset_tool and norm_key(flag) in _REPO_FLAGS:
            line_end = _logical_line_end(body, m.start())
            line_start = body.rfind("\n", 0, m.start()) + 1
            while line_start > 1 and body[line_start - 2] == "\\":  # continued command
                line_start = body.rfind("\n", 0, line_start - 1) + 1
            if "dataset" in body[line_start:line_end].lower():
                report_dataset(m.group(2), m.start(2), ReferenceKind.CLI_ARG, Strength.GENERIC)
                continue
        if (
            strength is not None
            and "=" in m.group(2)
            and ("lora" in flag.lower() or "adapter" in flag.lower())
        ):
            # --lora-modules sql=org/a chat=org/b, --adapters mylora=org/x: name=repo pairs
            end = _logical_line_end(body, m.start())
            for v in _LIST_ITEM_RE.finditer(body, m.start(2), end):
                pair = _NAMED_PAIR_RE.fullmatch(v.group(0))
                if pair is None:
                    break  # the next flag, or the end of this command (;, &&, |)
                report(pair.group(1), v.start() + pair.start(1), ReferenceKind.CLI_ARG, strength)
        elif strength is not None:
            report(m.group(2), m.start(2), ReferenceKind.CLI_ARG, strength)
        elif _MODEL_DIR_FLAG_RE.fullmatch(flag) and ids.known_publisher(_unquote(m.group(2))):
            # litgpt's --checkpoint_dir / --tokenizer_dir take a Hub id as well as a
            # folder: a known publisher's id there is the model, any other value a path
            report(m.group(2), m.start(2), ReferenceKind.CLI_ARG, Strength.GENERIC)
        elif (ds := datasets.key_strength(flag)) is not None:
            # a tool reads a flag's value: a legacy dataset named there is one
            report_dataset(m.group(2), m.start(2), ReferenceKind.CLI_ARG, ds, datasets.LEGACY)
            mixer = "list" in flag or "mixer" in flag or flag.endswith("datasets")
            # --dataset_mixer_list org/a 1.0 org/b 0.5: every value up to the next flag;
            # --data_path org/a org/b (nargs="*"): the ids that follow the first
            end = _logical_line_end(body, m.end())
            for v in _LIST_ITEM_RE.finditer(body, m.end(), end):
                if v.group(0).startswith("-") or not (mixer or _ID_TOKEN_RE.fullmatch(v.group(0))):
                    break
                report_dataset(v.group(0), v.start(), ReferenceKind.CLI_ARG, ds)
        else:
            value = m.group(2)
            inner = _unquote(value)
            if "=" in inner:  # --run-entries boolq:model=org/name, --args pretrained=org/x
                scan_model_args(ctx, inner, m.start(2) + (inner != value), where)
            elif _other_flag_value(flag, inner):
                report(value, m.start(2), ReferenceKind.CLI_ARG, Strength.WEAK)
    if '"--' in body or "'--" in body:
        for m in _ARRAY_FLAG_RE.finditer(body):
            flag_strength = key_strength(m.group(1))
            if flag_strength is not None:
                report(m.group(2), m.start(2), ReferenceKind.CLI_ARG, flag_strength)
    if "${" in body:
        for m in _PARAM_DEFAULT_RE.finditer(body):
            # MODEL=${MODEL:-org/name}, BASE=${1:-org/name}: either name may say "model"
            names = [n for n in (m.group(2), m.group(1)) if n]
            found = [s for n in names if (s := key_strength(n)) is not None]
            if found:
                report(m.group(3), m.start(3), ReferenceKind.ENV_VAR, max(found))
    for m in _SHORT_HF_RE.finditer(body):
        report(m.group(2), m.start(2), ReferenceKind.CLI_ARG, Strength.STRONG)
    for m in _VLLM_SERVE_RE.finditer(body):
        report(m.group(1), m.start(1), ReferenceKind.CLI_ARG, Strength.STRONG)
    for m in _DOWNLOAD_RE.finditer(body):
        end = _logical_line_end(body, m.start())
        repo_type = _REPO_TYPE_RE.search(body, m.start(), end)
        if repo_type is None:
            report(m.group(1), m.start(1), ReferenceKind.CLI_ARG, Strength.STRONG)
        elif repo_type.group(1) == "dataset":
            at = _download_repo(body, m.start(), end)
            if at is not None:
                report_dataset(
                    at[0], at[1], ReferenceKind.CLI_ARG, Strength.STRONG, datasets.LEGACY
                )
    for m in _MODEL_ARGS_RE.finditer(body):
        scan_model_args(ctx, _unquote(m.group(1)), m.start(1), where)
    if "_name=" in body or "pretrained=" in body:
        # lighteval's positional "model_name=org/x,dtype=float16", lm-eval's pretrained=
        for m in _QUOTED_ARGS_RE.finditer(body):
            scan_model_args(ctx, m.group(2), m.start(2), where)
    for m in _ASSIGN_RE.finditer(body):
        if norm_key(m.group(1)) == "model_args":  # MODEL_ARGS = pretrained=org/name,...
            scan_model_args(ctx, _unquote(m.group(2)), m.start(2), where)
            continue
        strength = key_strength(m.group(1))
        if strength is not None:
            report_list(m.group(2), m.start(2), ReferenceKind.ENV_VAR, strength)
        elif (ds := datasets.key_strength(m.group(1))) is not None:
            report_dataset(m.group(2), m.start(2), ReferenceKind.ENV_VAR, ds)
    if '":' in body or "':" in body:
        for m in _JSON_PAIR_RE.finditer(body):
            strength = key_strength(m.group(1))
            if strength is not None:
                report(m.group(2), m.start(2), ReferenceKind.CLI_ARG, strength)
    if "=(" in body:
        # MODELS=( "org/a" "org/b" ... ): a shell array under a model-ish name
        for m in _ARRAY_RE.finditer(body):
            strength = key_strength(m.group(1))
            if strength is None:
                continue
            for item in _ARRAY_ITEM_RE.finditer(body, m.end(1), m.end()):
                value = item.group(1) or item.group(2)
                offset = item.start(1) if item.group(1) is not None else item.start(2)
                report(value, offset, ReferenceKind.ENV_VAR, strength)
    if ("." in body or "+" in body) and "=" in body:
        # Hydra/OmegaConf overrides: actor_rollout_ref.model.path=org/x, ++tokenizer=org/x
        for m in _OVERRIDE_RE.finditer(body):
            key = m.group(1) or m.group(2)
            strength = key_strength(key)
            if strength is not None:
                report(m.group(3), m.start(3), ReferenceKind.CLI_ARG, strength)
            elif (ds := datasets.key_strength(key)) is not None:
                report_dataset(m.group(3), m.start(3), ReferenceKind.CLI_ARG, ds)
    if "/" in body:
        # a tool's positional model argument: xtuner chat org/x-7b, lmdeploy serve
        # api_server org/x (not git clone, docker run, cp, cd ...)
        for m in _POSITIONAL_RE.finditer(body):
            cmd, value = m.group(1), m.group(2)
            if cmd.lower() in _NOT_MODEL_COMMANDS or not _other_flag_value("", value):
                continue
            report(value, m.start(2), ReferenceKind.CLI_ARG, Strength.WEAK)
        if ".py" in body:
            # python download-model.py org/x-7b: a script's first positional argument
            for m in _SCRIPT_POSITIONAL_RE.finditer(body):
                if _other_flag_value("", m.group(1)):
                    report(m.group(1), m.start(1), ReferenceKind.CLI_ARG, Strength.WEAK)
    if "-m" in body:
        for m in _SHORT_M_RE.finditer(body):
            report(m.group(1), m.start(1), ReferenceKind.CLI_ARG, Strength.GENERIC)

    if "python" in low and ("(" in body):  # python -c "...from_pretrained('org/name')..."
        scan_code_calls(ctx, body, where, ReferenceKind.CLI_ARG)
    if "ENV" in body or "ARG" in body:
        for m in _DOCKER_ENV_RE.finditer(body):
            strength = key_strength(m.group(1))
            if strength is not None:
                report(m.group(2), m.start(2), ReferenceKind.ENV_VAR, strength)


# Model-loading calls written as text: Python that does not parse, and Python one-liners
# inside shell (python -c "...snapshot_download('org/name')").
_STR = r"""(?:'([^'\n\\]*)'|"([^"\n\\]*)")"""
_CALL_TEXT_RE = lazy(
    r"\b(?:from_pretrained|SentenceTransformer|CrossEncoder|hf_hub_download|snapshot_download|"
    r"load_adapter|load_lora_weights|from_single_file|LLM)\s*\(\s*(?:\w+\s*=\s*)?" + _STR
)
_PIPELINE_TEXT_RE = lazy(r"\bpipeline\s*\(\s*" + _STR + r"\s*,\s*" + _STR)
_KW_TEXT_RE = lazy(r"\b([A-Za-z_]\w*)\s*[:=]\s*" + _STR)
_HUB_TEXT_RE = lazy(r"""['"](hf[-_]hub:[^'"\s]+)['"]""")
_LOAD_DATASET_TEXT_RE = lazy(r"\bload_dataset\s*\(\s*(?:path\s*=\s*)?" + _STR)


def scan_code_calls(
    ctx: FileContext,
    text: str,
    where: PosFn,
    kind: ReferenceKind,
    flags: frozenset[str] = frozenset(),
) -> None:
    """Model-loading calls and model-ish keyword arguments found by pattern, not by parsing."""

    def add(m: re.Match[str], a: int, b: int, strength: Strength, st: bool = False) -> None:
        g = a if m.group(a) is not None else b
        line, col = where(m.start(g))
        # SentenceTransformer("all-MiniLM-L6-v2") loads sentence-transformers/all-MiniLM-L6-v2
        transform = ids.sentence_transformers_id if st else None
        ctx.add(m.group(g), line, col, kind, strength, flags=flags, transform=transform)

    for m in _CALL_TEXT_RE.finditer(text):
        add(
            m,
            1,
            2,
            Strength.STRONG,
            st=m.group(0).startswith(("SentenceTransformer", "CrossEncoder")),
        )
    for m in _PIPELINE_TEXT_RE.finditer(text):
        add(m, 3, 4, Strength.STRONG)
    for m in _KW_TEXT_RE.finditer(text):
        strength = key_strength(m.group(1))
        if strength is not None:
            add(m, 2, 3, strength)
    for m in _HUB_TEXT_RE.finditer(text):
        line, col = where(m.start(1))
        ctx.add(m.group(1), line, col, kind, Strength.STRONG, flags=flags)
    if "load_dataset" in text:
        for m in _LOAD_DATASET_TEXT_RE.finditer(text):
            g = 1 if m.group(1) is not None else 2
            line, col = where(m.start(g))
            ctx.add_dataset(m.group(g), line, col, kind, Strength.STRONG, bare=datasets.CALL)


# Words of a flag name that say its value is something other than a dependency.
_OTHER_FLAG_WORDS = frozenset(
    """output out save dir path push hub repo run name project wandb image tag docker git
    branch log logs cache data dataset datasets file files template prompt url host port
    user org token key secret env tokenizer_dir config recipe""".split()
)


def _other_flag_value(flag: str, value: str) -> bool:
    """A flag no rule names (``--visual-encoder``, ``--llava``) whose value is an id of a
    known model publisher, or one with a parameter count in its name."""
    if value.count("/") != 1 or _OTHER_FLAG_WORDS.intersection(norm_key(flag).split("_")):
        return False
    return ids.publisher_or_size(value)


_REPO_FLAGS = frozenset({"repo_id", "repo_ids", "new_repo_id", "repo"})
_ARRAY_RE = lazy(r"(?m)^[ \t]*(?:declare[ \t]+-a[ \t]+|local[ \t]+)?([A-Za-z_]\w*)=\(([^()]*)\)")
_ARRAY_ITEM_RE = lazy(r"""["']([^"'\s]+)["']|(?<![\w$])([A-Za-z0-9][\w.-]*/[\w.-]+)""")
_OVERRIDE_RE = lazy(
    r"(?:^|(?<=[\s\"'+]))(?:\+{0,2}([A-Za-z_]\w*(?:\.\w+)+)|\+\+([A-Za-z_]\w*))"
    r"=([^\s\\\"'$]+)"
)  # a dotted key, or a key Hydra forces with ++ (++tokenizer=org/x; +model=x picks a
# config group, no Hub id)
# <command> <subcommand words> org/name at the start of a command line
_POSITIONAL_RE = lazy(
    r"(?m)^[ \t]*(?:[$>][ \t]+)?([A-Za-z][\w.-]*)(?:[ \t]+[a-z][a-z_-]*){1,2}[ \t]+"
    r"[\"']?([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)[\"']?/?(?=[ \t]*(?:\\?$|[ \t]-))"
)  # (after a "$ " or "> " prompt; the id may be quoted or end in "/")
_NAMED_PAIR_RE = lazy(r"""["']?[\w.-]+=([\w.-]+/[\w.@-]+)["']?;?""")
_SCRIPT_POSITIONAL_RE = lazy(
    r"(?m)(?:^|`)[ \t]*(?:\$[ \t]+)?"
    r"(?:python3?|uv[ \t]+run|accelerate[ \t]+launch|torchrun|deepspeed)[ \t]+"
    # the launcher's options (-u, --nproc_per_node 2); \w first: no two ways to read "--x"
    r"(?:--?\w[\w-]*(?:[ =](?!-)[^\s`]+)?[ \t]+)*"
    r"[\w./-]+\.py[ \t]+([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)"
    r"(?=[ \t]*(?:\\?$|[ \t]-))"
)
_NOT_MODEL_COMMANDS = frozenset(
    """git gh docker podman nerdctl kubectl helm oras cp mv rm ls cd cat mkdir rsync scp tar
    ln chmod chown find grep sed awk echo printf pip pip3 uv conda npm npx yarn pnpm brew apt
    apt-get yum dnf curl wget ssh source export make cmake go cargo rustup""".split()
)


def scan_model_args(ctx: FileContext, value: str, offset: int, where: PosFn) -> None:
    """lm-evaluation-harness ``pretrained=org/name,dtype=...`` argument strings."""
    for kv in _KV_MODEL_RE.finditer(value):
        line, col = where(offset + kv.start(2))
        ctx.add(kv.group(2), line, col, ReferenceKind.CLI_ARG, Strength.STRONG)
